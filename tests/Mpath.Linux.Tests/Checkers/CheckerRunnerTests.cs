using Microsoft.Extensions.Time.Testing;
using Mpath.Core.Model;
using Mpath.Linux.Checkers;

namespace Mpath.Linux.Tests.Checkers;

public sealed class CheckerRunnerTests
{
    /// <summary>A checker that blocks until released, and records which thread ran it.</summary>
    private sealed class GatedChecker : IPathChecker, IDisposable
    {
        public ManualResetEventSlim Release { get; } = new();
        public ManualResetEventSlim Started { get; } = new();
        public bool RanOnThreadPool { get; private set; }
        public string Name => "gated";

        public CheckerResult Check(string devicePath, TimeSpan timeout)
        {
            RanOnThreadPool = Thread.CurrentThread.IsThreadPoolThread;
            Started.Set();
            Release.Wait();
            return new CheckerResult(CheckerState.Up, $"{devicePath} up");
        }

        public void Dispose()
        {
            Release.Dispose();
            Started.Dispose();
        }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_finished_check_returns_the_checker_result_from_a_dedicated_thread()
    {
        using var checker = new GatedChecker();
        using var runner = new CheckerRunner(2, new FakeTimeProvider());
        checker.Release.Set();
        var result = await runner.CheckAsync(checker, "/dev/sda", Timeout);
        Assert.Equal(new CheckerResult(CheckerState.Up, "/dev/sda up"), result);
        Assert.False(checker.RanOnThreadPool);
    }

    [Fact]
    public async Task A_hung_check_gives_timeout_after_the_deadline_and_later_checks_of_that_device_are_pending()
    {
        var time = new FakeTimeProvider();
        using var checker = new GatedChecker();
        using var runner = new CheckerRunner(2, time);
        var first = runner.CheckAsync(checker, "/dev/sda", Timeout);
        checker.Started.Wait();
        Assert.False(first.IsCompleted);

        var second = await runner.CheckAsync(checker, "/dev/sda", Timeout);
        Assert.Equal(new CheckerResult(CheckerState.Pending, "gated checker still running"), second);

        time.Advance(Timeout + CheckerRunner.Grace);
        Assert.Equal(new CheckerResult(CheckerState.Timeout, "gated checker timed out"), await first);

        checker.Release.Set();
    }

    [Fact]
    public async Task Checks_beyond_the_worker_count_wait_and_still_time_out()
    {
        var time = new FakeTimeProvider();
        using var hung = new GatedChecker();
        using var runner = new CheckerRunner(1, time);
        var a = runner.CheckAsync(hung, "/dev/sda", Timeout);
        hung.Started.Wait();
        using var other = new GatedChecker();
        other.Release.Set();
        var b = runner.CheckAsync(other, "/dev/sdb", Timeout);
        Assert.False(other.Started.IsSet);
        time.Advance(Timeout + CheckerRunner.Grace);
        Assert.Equal(CheckerState.Timeout, (await a).State);
        Assert.Equal(CheckerState.Timeout, (await b).State);

        hung.Release.Set();
        Assert.True(other.Started.Wait(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_throwing_checker_is_reported_unchecked_and_the_worker_survives()
    {
        using var runner = new CheckerRunner(1, new FakeTimeProvider());
        var result = await runner.CheckAsync(new ThrowingChecker(), "/dev/sda", Timeout);
        Assert.Equal(CheckerState.Unchecked, result.State);
        Assert.Contains("boom", result.Message, StringComparison.Ordinal);
        using var ok = new GatedChecker();
        ok.Release.Set();
        Assert.Equal(CheckerState.Up, (await runner.CheckAsync(ok, "/dev/sda", Timeout)).State);
    }

    private sealed class ThrowingChecker : IPathChecker
    {
        public string Name => "throwing";
        public CheckerResult Check(string devicePath, TimeSpan timeout) => throw new InvalidOperationException("boom");
    }
}
