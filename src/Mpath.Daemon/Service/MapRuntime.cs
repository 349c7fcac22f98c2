using Mpath.Core.Engine;
using Mpath.Core.Planning;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Service;

/// <summary>One managed map: its plan, the engine deciding for it, and the counters <c>show maps stats</c> prints.</summary>
internal sealed class MapRuntime(PlannedMap planned, MapEngine engine, string dmName, string dmUuid)
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
    public string DmUuid { get; } = dmUuid;
    public string? SysfsName { get; set; }
    public uint PathFaults { get; set; }
    public uint SwitchGroups { get; set; }
    public uint MapLoads { get; set; } = 1;
    public string CheckerName => Planned.Attributes.Checker is { Length: > 0 } c ? c : "tur";
    public string Wwid => Planned.Plan.Wwid;

    /// <summary>Checks per path since its priority was last read (see <see cref="PriorityRefresh"/>).</summary>
    public Dictionary<string, int> ChecksSincePriority { get; } = new(StringComparer.Ordinal);

    /// <summary>The prioritizer the plan used for the path and its prio_args.</summary>
    public (string Prioritizer, string Args) PrioritizerOf(int enginePath)
    {
        var dev = Engine.Path(enginePath).Dev;
        var plan = Planned.Plan;
        for (var i = 0; i < plan.Paths.Count; i++)
        {
            if (plan.Paths[i].Dev != dev) continue;
            var used = plan.Priorities[i].Prioritizer;
            // detect_prio may have picked another prioritizer than the configured one; prio_args belong to the latter.
            return (used, used == Planned.Attributes.PrioName ? Planned.Attributes.PrioArgs : "");
        }
        return ("const", "");
    }

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
            DmUuid = DmUuid,
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
