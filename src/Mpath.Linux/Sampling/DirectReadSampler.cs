using System.Runtime.InteropServices;
using Mpath.Linux.Native;

namespace Mpath.Linux.Sampling;

/// <summary>
/// Samples a path with O_DIRECT reads of its first 4 KiB, ten a second (the rate multipath-tools' I/O error
/// statistics use), each on the sampler's own thread so a hanging device blocks nothing else. The sample ends after
/// its duration, when cancelled, or - if a read hangs - <see cref="ReadTimeout"/> after the duration, with that read
/// counted as an error.
/// </summary>
public sealed class DirectReadSampler : IIoErrorSampler
{
    /// <summary>How long past the sample's end a hanging read is waited for before it counts as failed.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private readonly Func<string, IBlockReader> _open;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;

    public DirectReadSampler(TimeProvider? time = null) : this(DirectBlockReader.Open, TimeSpan.FromMilliseconds(100), time)
    {
    }

    internal DirectReadSampler(Func<string, IBlockReader> open, TimeSpan interval, TimeProvider? time = null)
    {
        _open = open;
        _interval = interval;
        _time = time ?? TimeProvider.System;
    }

    public async Task<IoSample> SampleAsync(string devicePath, TimeSpan duration, CancellationToken cancel)
    {
        var reader = _open(devicePath);
        var counts = new Counts();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => ReadLoop(reader, duration, counts, done, cancel)) { IsBackground = true, Name = "mpath-io-sample" };
        thread.Start();
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var deadline = Task.Delay(duration + ReadTimeout, _time, giveUp.Token);
        await Task.WhenAny(done.Task, deadline).ConfigureAwait(false);
        await giveUp.CancelAsync().ConfigureAwait(false);
        cancel.ThrowIfCancellationRequested();
        // A read still in flight now is one that hung: it counts as issued and failed.
        return counts.Snapshot(countInFlightAsFailed: !done.Task.IsCompleted);
    }

    private void ReadLoop(IBlockReader reader, TimeSpan duration, Counts counts, TaskCompletionSource done, CancellationToken cancel)
    {
        try
        {
            var start = _time.GetTimestamp();
            while (!cancel.IsCancellationRequested && _time.GetElapsedTime(start) < duration)
            {
                counts.Begin();
                counts.End(reader.TryRead());
                cancel.WaitHandle.WaitOne(_interval);
            }
        }
        finally
        {
            reader.Dispose();
            done.TrySetResult();
        }
    }

    /// <summary>Counters shared by the read thread and the caller; the lock keeps a snapshot consistent.</summary>
    private sealed class Counts
    {
        private readonly Lock _lock = new();
        private int _reads;
        private int _errors;
        private bool _inFlight;

        public void Begin()
        {
            lock (_lock) _inFlight = true;
        }

        public void End(bool ok)
        {
            lock (_lock)
            {
                _inFlight = false;
                _reads++;
                if (!ok) _errors++;
            }
        }

        public IoSample Snapshot(bool countInFlightAsFailed)
        {
            lock (_lock)
            {
                var hung = countInFlightAsFailed && _inFlight ? 1 : 0;
                return new IoSample(_reads + hung, _errors + hung);
            }
        }
    }
}

/// <summary>One device opened for sampling: each <see cref="TryRead"/> is one read, true when it returned all its data.</summary>
internal interface IBlockReader : IDisposable
{
    bool TryRead();
}

/// <summary>The device opened O_DIRECT with a page-aligned 4 KiB buffer, read at offset 0.</summary>
internal sealed unsafe class DirectBlockReader : IBlockReader
{
    private const int Length = 4096;
    private readonly int _fd;
    private void* _buffer;

    private DirectBlockReader(int fd)
    {
        _fd = fd;
        _buffer = NativeMemory.AlignedAlloc(Length, Length);
    }

    public static IBlockReader Open(string devicePath)
    {
        var fd = LibC.Open(devicePath, LibC.ReadOnly | LibC.Direct | LibC.CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{devicePath}: cannot open for direct reads: {LibC.ErrorText(errno)} (errno {errno})");
        }
        return new DirectBlockReader(fd);
    }

    public bool TryRead() => LibC.PRead(_fd, _buffer, Length, 0) == Length;

    public void Dispose()
    {
        if (_buffer == null) return;
        NativeMemory.AlignedFree(_buffer);
        _buffer = null;
        _ = LibC.Close(_fd);
    }
}
