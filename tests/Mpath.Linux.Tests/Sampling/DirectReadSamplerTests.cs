using Mpath.Linux.Sampling;

namespace Mpath.Linux.Tests.Sampling;

public class DirectReadSamplerTests
{
    /// <summary>Every other read fails; optionally one read (the <c>hangAt</c>-th) never returns until released.</summary>
    private sealed class ScriptedReader(int hangAt = -1) : IBlockReader
    {
        public ManualResetEventSlim Release { get; } = new(false);
        public ManualResetEventSlim Hanging { get; } = new(false);
        public bool Disposed { get; private set; }
        private int _reads;

        public bool TryRead()
        {
            var n = ++_reads;
            if (n == hangAt)
            {
                Hanging.Set();
                Release.Wait();
            }
            return n % 2 == 1;
        }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public async Task Counts_every_read_and_every_failed_read_and_closes_the_device()
    {
        var reader = new ScriptedReader();
        var sampler = new DirectReadSampler(_ => reader, TimeSpan.FromMilliseconds(1));
        var sample = await sampler.SampleAsync("/dev/sdx", TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.True(sample.Reads > 0);
        Assert.Equal(sample.Reads / 2, sample.Errors);
        Assert.True(reader.Disposed);
    }

    [Fact]
    public async Task Cancellation_ends_the_sample()
    {
        var reader = new ScriptedReader();
        var sampler = new DirectReadSampler(_ => reader, TimeSpan.FromMilliseconds(1));
        using var cancel = new CancellationTokenSource();
        var sampling = sampler.SampleAsync("/dev/sdx", TimeSpan.FromHours(1), cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sampling);
    }

    [Fact]
    public async Task A_read_that_hangs_past_the_end_counts_as_a_failed_read()
    {
        var reader = new ScriptedReader(hangAt: 1);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var sampler = new DirectReadSampler(_ => reader, TimeSpan.FromMilliseconds(1), time);
        var sampling = sampler.SampleAsync("/dev/sdx", TimeSpan.FromSeconds(10), CancellationToken.None);
        // The read thread is stuck in its first read; the caller gives up ReadTimeout after the sample's end.
        Assert.True(reader.Hanging.Wait(TimeSpan.FromSeconds(30)));
        while (!sampling.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(1);
        }
        Assert.Equal(new IoSample(1, 1), await sampling);
        reader.Release.Set();
    }

    [Fact]
    public async Task A_device_that_cannot_be_opened_is_an_IOException()
    {
        var sampler = new DirectReadSampler();
        await Assert.ThrowsAsync<IOException>(() => sampler.SampleAsync("/nonexistent/sdq", TimeSpan.FromSeconds(1), CancellationToken.None));
    }
}
