using Mpath.Core.Model;
using Mpath.Core.Planning;

namespace Mpath.Linux.Discovery;

public static class DiscoveredPathDescription
{
    /// <summary>
    /// What the planner needs of a discovered path: a running device is a usable path, any other SCSI device state
    /// (offline, blocked ...) is not; the kernel's attached device handler decides the map's hardware handler.
    /// </summary>
    public static DescribedPath Describe(this DiscoveredPath path) =>
        new(path.Path, State: path.DeviceState is "running" or "" or "live" ? null : CheckerState.Down, AttachedHardwareHandler: path.DeviceHandler);
}
