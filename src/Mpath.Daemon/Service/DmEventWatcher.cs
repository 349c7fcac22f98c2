using Microsoft.Extensions.Logging;
using Mpath.Linux.DeviceMapper;

namespace Mpath.Daemon.Service;

/// <summary>
/// Reports the name of every watched map that had a device-mapper event (the kernel failed a path, switched a group,
/// loaded a table). With an <see cref="IDmEventSignal"/> (DM_DEV_ARM_POLL) one thread serves every map: it sleeps in
/// poll() until some map's event counter moves, then lists the counters and reports the watched maps whose counter
/// changed. Without one (kernels before 4.13) each map gets a thread blocked in DM_DEV_WAIT. Either way waiting is the
/// kernel's job, so an idle host costs no wakeups beyond the poll thread's one per <see cref="PollTimeout"/>.
/// </summary>
internal sealed class DmEventWatcher : IDisposable
{
    /// <summary>How often the poll thread looks whether it should stop.</summary>
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(1);

    private readonly IDeviceMapper _dm;
    private readonly Action<string> _onEvent;
    private readonly ILogger _logger;
    private readonly IDmEventSignal? _signal;
    /// <summary>Watched maps and the event counter last seen for each.</summary>
    private readonly Dictionary<string, uint> _watched = new(StringComparer.Ordinal);
    private Thread? _pollThread;
    private volatile bool _stopping;

    public DmEventWatcher(IDeviceMapper deviceMapper, Action<string> onEvent, ILogger logger, IDmEventSignal? signal)
    {
        _dm = deviceMapper;
        _onEvent = onEvent;
        _logger = logger;
        _signal = signal;
    }

    public void Watch(string name, uint fromEvent)
    {
        lock (_watched)
        {
            if (_signal is not null)
            {
                _watched[name] = fromEvent;
                if (_pollThread is null)
                {
                    _pollThread = new Thread(PollLoop) { IsBackground = true, Name = "mpath-dmevents" };
                    _pollThread.Start();
                }
                return;
            }
            if (!_watched.TryAdd(name, fromEvent)) return;
        }
        new Thread(() => WaitLoop(name, fromEvent)) { IsBackground = true, Name = $"mpath-dmevent-{name}" }.Start();
    }

    private void PollLoop()
    {
        var failures = 0;
        while (!_stopping)
        {
            IReadOnlyDictionary<string, uint> counters;
            try
            {
                // After a failed listing the signal is already re-armed for the event that woke us: list again before
                // waiting, or that event would be reported only with the next one.
                if (failures == 0 && !_signal!.Wait(PollTimeout)) continue;
                counters = _dm.ListEventNumbers();
                failures = 0;
            }
            catch (DeviceMapperException e)
            {
                // Reported once per run of failures; the loop keeps trying (the checker still reads the kernel's view).
                if (failures++ == 0) _logger.LogWarning("dm events: {Error}; retrying", e.Message);
                Thread.Sleep(PollTimeout);
                continue;
            }
            List<string> moved = [];
            lock (_watched)
            {
                foreach (var (name, seen) in _watched.ToList())
                {
                    if (!counters.TryGetValue(name, out var now)) _watched.Remove(name); // the map is gone
                    else if (now != seen)
                    {
                        _watched[name] = now;
                        moved.Add(name);
                    }
                }
            }
            foreach (var name in moved) _onEvent(name);
        }
    }

    private void WaitLoop(string name, uint eventNumber)
    {
        var failures = 0;
        while (!_stopping)
        {
            try
            {
                eventNumber = _dm.WaitForEvent(name, eventNumber);
                failures = 0;
                _onEvent(name);
            }
            catch (DeviceMapperException e)
            {
                if (++failures >= 3)
                {
                    _logger.LogWarning("{Map}: no longer waiting for dm events: {Error}", name, e.Message);
                    lock (_watched) _watched.Remove(name);
                    return;
                }
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>Stops the poll thread (within <see cref="PollTimeout"/>) and closes the signal; DM_DEV_WAIT threads are left to the process's end.</summary>
    public void Dispose()
    {
        _stopping = true;
        Thread? poll;
        lock (_watched) poll = _pollThread;
        if (poll is null || poll.Join(PollTimeout * 3)) _signal?.Dispose();
    }
}
