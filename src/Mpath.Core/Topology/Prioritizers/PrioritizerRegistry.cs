using System.Collections.Frozen;
using Mpath.Core.Model;

namespace Mpath.Core.Topology.Prioritizers;

/// <summary>What a path's priority came from: the prioritizer actually used and its result.</summary>
public sealed record PathPriority(string Prioritizer, int Priority, string? Reason);

/// <summary>The prioritizers by their multipath.conf <c>prio</c> name.</summary>
public static class PrioritizerRegistry
{
    private static readonly FrozenDictionary<string, Prioritizer> ByName = new Dictionary<string, Prioritizer>
    {
        ["const"] = ConstPrioritizer.Compute,
        ["alua"] = AluaPrioritizer.Compute,
        ["sysfs"] = SysfsPrioritizer.Compute,
        ["ana"] = AnaPrioritizer.Compute,
        ["emc"] = EmcPrioritizer.Compute,
        ["rdac"] = RdacPrioritizer.Compute,
        ["hp_sw"] = HpSwPrioritizer.Compute,
        ["hds"] = HdsPrioritizer.Compute,
        ["ontap"] = OntapPrioritizer.Compute,
        ["iet"] = IetPrioritizer.Compute,
        ["datacore"] = DatacorePrioritizer.Compute,
        ["weightedpath"] = WeightedPathPrioritizer.Compute,
        ["random"] = RandomPrioritizer.Compute,
        ["path_latency"] = PathLatencyPrioritizer.Compute,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryGet(string name, out Prioritizer prioritizer) => ByName.TryGetValue(name, out prioritizer!);

    /// <summary>
    /// Runs the named prioritizer. An unknown name gives PRIO_UNDEF (-1) with a reason, as
    /// multipath-tools does when it cannot load the prioritizer: it does not substitute const.
    /// </summary>
    public static PathPriority Compute(string name, PathInfo path, string args, Random random)
    {
        if (!ByName.TryGetValue(name, out var prioritizer))
            return new PathPriority(name, PriorityResult.Undefined, $"unknown prioritizer '{name}'");
        var result = prioritizer(path, new PrioritizerInput(args, random));
        // Any negative result is an error; multipath-tools stores it as PRIO_UNDEF.
        var priority = result.Priority < 0 ? PriorityResult.Undefined : result.Priority;
        var used = name == "alua" && path.Alua is null ? "const" : name;
        return new PathPriority(used, priority, result.Reason);
    }

    /// <summary>
    /// The prioritizer for a path under <paramref name="settings"/>: with detect_prio on, alua
    /// (or sysfs when the kernel exposes access_state) for a SCSI path that reports ALUA, ana for
    /// an NVMe path that reports ANA; otherwise the configured one.
    /// </summary>
    public static (string Name, string Args) Select(PathInfo path, MapSettings settings)
    {
        if (settings.DetectPrio)
        {
            var isNvme = path.Protocol.StartsWith("nvme", StringComparison.Ordinal);
            if (isNvme && path.ProbeData.ContainsKey(AnaPrioritizer.Key))
                return ("ana", "");
            if (!isNvme && path.Alua is not null)
                return path.ProbeData.ContainsKey(SysfsPrioritizer.AccessStateKey) ? ("sysfs", "") : ("alua", "");
        }
        return (settings.Prio, settings.PrioArgs);
    }
}
