using Mpath.Core.Engine;
using Mpath.Core.Planning;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Service;

/// <summary>One managed map: its plan, the engine deciding for it, and the counters <c>show maps stats</c> prints.</summary>
internal sealed class MapRuntime(PlannedMap planned, MapEngine engine, string dmName)
{
    private Dictionary<string, Core.Model.PathInfo> _pathsByDev = ByDev(planned);

    /// <summary>The map's plan; replacing it (reconfigure) also replaces the device lookup the hot path uses.</summary>
    public PlannedMap Planned
    {
        get;
        set
        {
            field = value;
            _pathsByDev = ByDev(value);
        }
    } = planned;

    public MapEngine Engine { get; } = engine;
    public string DmName { get; } = dmName;
    public string? SysfsName { get; set; }
    public uint PathFaults { get; set; }
    public uint SwitchGroups { get; set; }
    public uint MapLoads { get; set; } = 1;
    public string CheckerName => Planned.Attributes.Checker is { Length: > 0 } c ? c : "tur";

    /// <summary>The path's dev_t for dm messages, from the plan (engine index = position in group order).</summary>
    public string DevT(int enginePath) => PathInfoAt(enginePath).DevT;

    public Core.Model.PathInfo PathInfoAt(int enginePath) => _pathsByDev[Engine.Path(enginePath).Dev];

    private static Dictionary<string, Core.Model.PathInfo> ByDev(PlannedMap planned) =>
        planned.Plan.Paths.ToDictionary(p => p.Dev, StringComparer.Ordinal);

    public MapSnapshot ToSnapshot(DateTimeOffset now)
    {
        var plan = Planned.Plan;
        var groups = new List<GroupSnapshot>();
        for (var g = 1; g <= Engine.GroupCount; g++)
        {
            var paths = new List<PathSnapshot>();
            for (var i = 0; i < Engine.PathCount; i++)
            {
                ref readonly var p = ref Engine.Path(i);
                if (p.Group != g) continue;
                var next = p.NextCheck - now;
                paths.Add(new PathSnapshot(PathInfoAt(i))
                {
                    MapName = DmName,
                    GroupNumber = g,
                    Priority = p.Priority,
                    State = p.State,
                    CheckerState = p.CheckerState,
                    DmState = p.DmState,
                    CheckerName = CheckerName,
                    NextCheckIn = Math.Max(0, (int)next.TotalSeconds),
                    CheckInterval = (int)p.CheckInterval.TotalSeconds,
                });
            }
            groups.Add(new GroupSnapshot(g, plan.PathSelector, Engine.GroupPriority(g),
                g == Engine.CurrentGroup ? PathGroupState.Active : PathGroupState.Enabled, paths));
        }
        return new MapSnapshot(DmName, plan.Wwid, groups)
        {
            SysfsName = SysfsName,
            SizeSectors = plan.SizeSectors,
            Features = plan.Features,
            HardwareHandler = plan.HardwareHandler,
            Failback = plan.Failback,
            NoPathRetry = plan.NoPathRetry,
            QueueIfNoPath = Engine.Queueing,
            PathFaults = PathFaults,
            SwitchGroups = SwitchGroups,
            MapLoads = MapLoads,
        };
    }
}
