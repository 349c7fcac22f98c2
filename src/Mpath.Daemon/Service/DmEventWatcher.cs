using Microsoft.Extensions.Logging;
using Mpath.Linux.DeviceMapper;

namespace Mpath.Daemon.Service;

/// <summary>
/// Waits for device-mapper events (the kernel failed a path, switched a group, a table was loaded) with one blocking
/// DM_DEV_WAIT per map on a dedicated background thread, and reports the map's name. Waiting is the kernel's job,
/// so an idle host costs no wakeups.
/// </summary>
internal sealed class DmEventWatcher(IDeviceMapper deviceMapper, Action<string> onEvent, ILogger logger)
{
    private readonly HashSet<string> _watched = new(StringComparer.Ordinal);

    public void Watch(string name, uint fromEvent)
    {
        lock (_watched)
        {
            if (!_watched.Add(name)) return;
        }
        new Thread(() => Loop(name, fromEvent)) { IsBackground = true, Name = $"mpath-dmevent-{name}" }.Start();
    }

    private void Loop(string name, uint eventNumber)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                eventNumber = deviceMapper.WaitForEvent(name, eventNumber);
                failures = 0;
                onEvent(name);
            }
            catch (DeviceMapperException e)
            {
                if (++failures >= 3)
                {
                    logger.LogWarning("{Map}: no longer waiting for dm events: {Error}", name, e.Message);
                    lock (_watched) _watched.Remove(name);
                    return;
                }
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
        }
    }
}
