using Mpath.Core.Model;

namespace Mpath.Core.Topology;

/// <summary>The multipath.conf <c>path_grouping_policy</c> values.</summary>
public enum PathGroupingPolicy
{
    /// <summary>One path per group.</summary>
    Failover,
    /// <summary>All paths in one group.</summary>
    Multibus,
    GroupBySerial,
    GroupByPrio,
    GroupByNodeName,
    /// <summary>One group per ALUA target port group.</summary>
    GroupByTpg,
}

/// <summary>The multipath.conf <c>rr_weight</c> values.</summary>
public enum RrWeight
{
    Uniform,
    /// <summary>Each path's repeat count is multiplied by its priority.</summary>
    Priorities,
}

public static class PathGroupingPolicies
{
    /// <summary>The keyword as multipath.conf writes it.</summary>
    public static string ToConfigName(this PathGroupingPolicy policy) => policy switch
    {
        PathGroupingPolicy.Failover => "failover",
        PathGroupingPolicy.Multibus => "multibus",
        PathGroupingPolicy.GroupBySerial => "group_by_serial",
        PathGroupingPolicy.GroupByPrio => "group_by_prio",
        PathGroupingPolicy.GroupByNodeName => "group_by_node_name",
        PathGroupingPolicy.GroupByTpg => "group_by_tpg",
        _ => "undefined",
    };

    public static bool TryParse(string text, out PathGroupingPolicy policy)
    {
        foreach (var candidate in Enum.GetValues<PathGroupingPolicy>())
        {
            if (candidate.ToConfigName() == text)
            {
                policy = candidate;
                return true;
            }
        }
        policy = default;
        return false;
    }
}

/// <summary>
/// The resolved settings map assembly needs for one device. The config subsystem fills it in;
/// this layer never reads configuration itself. Defaults are multipath-tools 0.14's built-ins.
/// </summary>
public sealed record MapSettings
{
    public PathGroupingPolicy PathGroupingPolicy { get; init; } = PathGroupingPolicy.Failover;

    /// <summary>Selector name followed by its argument count and arguments, e.g. <c>service-time 0</c>.</summary>
    public string PathSelector { get; init; } = "service-time 0";

    public string Prio { get; init; } = "const";

    public string PrioArgs { get; init; } = "";

    /// <summary>
    /// When on, a path that reports ALUA (SCSI) or ANA (NVMe) gets the matching prioritizer instead
    /// of <see cref="Prio"/>, as multipath-tools' <c>detect_prio</c> does.
    /// </summary>
    public bool DetectPrio { get; init; }

    /// <summary>As multipath.conf writes it: a word count, then the words (<c>0</c> for none).</summary>
    public string Features { get; init; } = "0";

    /// <summary>As multipath.conf writes it, e.g. <c>1 alua</c> or <c>0</c>.</summary>
    public string HardwareHandler { get; init; } = "0";

    public RrWeight RrWeight { get; init; } = RrWeight.Uniform;

    public int RrMinIoRq { get; init; } = 1;

    /// <summary>The alias from the multipaths section; wins over bindings.</summary>
    public string? Alias { get; init; }

    public bool UserFriendlyNames { get; init; }

    public string AliasPrefix { get; init; } = "mpath";

    /// <summary>Null when not configured; <c>queue_if_no_path</c> in <see cref="Features"/> then means queue.</summary>
    public NoPathRetry? NoPathRetry { get; init; }

    public Failback Failback { get; init; } = Failback.Manual;

    /// <summary>multipath.conf <c>marginal_pathgroups</c>: put marginal paths in groups of their own.</summary>
    public bool MarginalPathGroups { get; init; }
}
