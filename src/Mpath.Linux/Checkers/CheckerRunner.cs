using System.Collections.Concurrent;
using Mpath.Core.Model;

namespace Mpath.Linux.Checkers;

/// <summary>
/// Runs blocking path checks on a fixed set of dedicated threads, so no caller and no thread-pool
/// thread ever blocks on a device. At most <c>workers</c> checks run at once; the others wait in a
/// queue. A check that has not answered <see cref="Grace"/> after its timeout completes the
/// caller's task with <see cref="CheckerState.Timeout"/> (the hung worker stays busy until the
/// kernel gives up); asking again for a device whose check is still running answers
/// <see cref="CheckerState.Pending"/> instead of piling up more work on it.
/// </summary>
public sealed class CheckerRunner : IDisposable
{
    /// <summary>How long past checker_timeout a caller waits before calling the check timed out.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    // A plain queue under a monitor rather than BlockingCollection: its SemaphoreSlim spins (sched_yield) every
    // time an idle worker goes back to wait, which cost more CPU than the TUR check itself (bench/RESULTS.md).
    private readonly Queue<Work> _queue = new();
    private bool _closed;
    private readonly ConcurrentDictionary<string, Task<CheckerResult>> _inFlight = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public CheckerRunner(int workers, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _time = time ?? TimeProvider.System;
        for (var i = 0; i < workers; i++)
        {
            new Thread(WorkLoop) { IsBackground = true, Name = $"mpath-checker-{i}" }.Start();
        }
    }

    private sealed record Work(IPathChecker Checker, string DevicePath, TimeSpan Timeout, TaskCompletionSource<CheckerResult> Completion);

    public Task<CheckerResult> CheckAsync(IPathChecker checker, string devicePath, TimeSpan timeout)
    {
        var completion = new TaskCompletionSource<CheckerResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _inFlight.AddOrUpdate(devicePath, completion.Task, (_, existing) => existing.IsCompleted ? completion.Task : existing);
        if (running != completion.Task)
        {
            return Task.FromResult(new CheckerResult(CheckerState.Pending, $"{checker.Name} checker still running"));
        }
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _queue.Enqueue(new Work(checker, devicePath, timeout, completion));
            Monitor.Pulse(_queue);
        }
        return WithDeadline(completion.Task, timeout + Grace, checker.Name);
    }

    private async Task<CheckerResult> WithDeadline(Task<CheckerResult> check, TimeSpan deadline, string name)
    {
        using var cancel = new CancellationTokenSource();
        var delay = Task.Delay(deadline, _time, cancel.Token);
        var first = await Task.WhenAny(check, delay).ConfigureAwait(false);
        if (first == check)
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            return await check.ConfigureAwait(false);
        }
        return new CheckerResult(CheckerState.Timeout, $"{name} checker timed out");
    }

    private Work? Next()
    {
        lock (_queue)
        {
            while (_queue.Count == 0 && !_closed) Monitor.Wait(_queue);
            return _queue.Count > 0 ? _queue.Dequeue() : null;
        }
    }

    private void WorkLoop()
    {
        while (Next() is { } work)
        {
            CheckerResult result;
            try
            {
                result = work.Checker.Check(work.DevicePath, work.Timeout);
            }
            catch (Exception ex)
            {
                // A checker bug must not kill the worker; report it as an unchecked path.
                result = new CheckerResult(CheckerState.Unchecked, $"{work.Checker.Name} checker failed: {ex.Message}");
            }
            work.Completion.TrySetResult(result);
        }
    }

    /// <summary>Stops accepting work; idle workers exit, a worker stuck in a device call is left behind (background thread).</summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _closed = true;
            Monitor.PulseAll(_queue);
        }
    }
}
