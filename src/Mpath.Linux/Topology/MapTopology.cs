using Mpath.Core.Topology.DeviceMapper;
using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.DeviceMapper;

namespace Mpath.Linux.Topology;

/// <summary>One path of a map as <c>mpath list</c> shows it (multipath -ll's path line).</summary>
public sealed record MapPath(
    string Dev,
    string DevT,
    string Hbtl,
    DmPathState DmState,
    int FailCount,
    CheckerResult? Checker,
    string DeviceState,
    int Priority);

/// <summary>A path group: selector policy, priority, kernel state and paths.</summary>
public sealed record MapGroup(int Number, string Policy, int Priority, DmGroupState State, IReadOnlyList<MapPath> Paths);

/// <summary>A multipath map as the kernel has it, joined with sysfs facts about its paths.</summary>
public sealed record MapTopology(
    string Name,
    string Uuid,
    string Wwid,
    string SysfsName,
    string DevT,
    string Vendor,
    string Product,
    long SizeSectors,
    string Features,
    string HardwareHandler,
    bool ReadOnly,
    bool QueueingIo,
    IReadOnlyList<MapGroup> Groups);
