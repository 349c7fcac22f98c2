using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Uevents;

namespace Mpath.Daemon.Service;

/// <summary>
/// Feeds uevents to the path manager in batches. Events are queued as the listener delivers them; once one arrives
/// the pump keeps collecting while more keep coming (each quiet window restarts the wait), up to a bound in time and
/// count, then merges them per device and hands the batch over: a storm of a hundred path adds becomes one reload
/// per map instead of a hundred. A receive-buffer overflow (events lost) turns the next batch into a full rescan.
/// </summary>
internal sealed class UeventPump(IUeventListener listener, PathManager manager, TimeProvider time, ILogger logger) : IUeventSink
{
    private readonly Channel<Uevent?> _queue = Channel.CreateUnbounded<Uevent?>(new UnboundedChannelOptions { SingleReader = true });
    private int _overflowed;

    /// <summary>A batch closes when no event arrived for this long ...</summary>
    public TimeSpan QuietWindow { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>... or when it has been open this long, so a never-ending storm still makes progress.</summary>
    public TimeSpan MaxWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>... or when it holds this many uevents.</summary>
    public int MaxBatch { get; init; } = 8192;

    public void OnUevent(Uevent uevent)
    {
        if (uevent.IsPathOrMap && uevent.Action != UeventAction.Other) _queue.Writer.TryWrite(uevent);
    }

    public void OnMalformed(string reason) => logger.LogWarning("uevent dropped: {Reason}", reason);

    public void OnOverflow()
    {
        Interlocked.Exchange(ref _overflowed, 1);
        _queue.Writer.TryWrite(null);
    }

    public async Task RunAsync(CancellationToken cancel)
    {
        var listening = listener.RunAsync(this, cancel);
        try
        {
            await ProcessAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        await listening.ConfigureAwait(false);
    }

    private async Task ProcessAsync(CancellationToken cancel)
    {
        var merger = new DeviceEventMerger();
        while (await _queue.Reader.WaitToReadAsync(cancel).ConfigureAwait(false))
        {
            var opened = time.GetUtcNow();
            TakeQueued(merger);
            while (merger.Received < MaxBatch && time.GetUtcNow() - opened < MaxWindow)
            {
                await Task.Delay(QuietWindow, time, cancel).ConfigureAwait(false);
                if (!TakeQueued(merger)) break;
            }
            try
            {
                if (Interlocked.Exchange(ref _overflowed, 0) == 1)
                {
                    merger.Clear();
                    logger.LogWarning("uevents were lost (socket buffer overflow): rescanning all devices");
                    await manager.RescanAsync(cancel).ConfigureAwait(false);
                    continue;
                }
                var received = merger.Received;
                var events = merger.Drain();
                logger.LogDebug("uevent batch: {Received} events, {Devices} device changes", received, events.Count);
                if (events.Count > 0) await manager.ApplyDeviceEventsAsync(events, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DeviceMapperException or IOException or UnauthorizedAccessException)
            {
                logger.LogError("uevent batch failed: {Error}", e.Message);
            }
        }
    }

    /// <summary>Moves every queued event into the merger; false when there was none.</summary>
    private bool TakeQueued(DeviceEventMerger merger)
    {
        var any = false;
        while (_queue.Reader.TryRead(out var uevent))
        {
            any = true;
            if (uevent is not null) merger.Add(uevent);
        }
        return any;
    }
}
