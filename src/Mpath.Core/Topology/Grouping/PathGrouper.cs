using Mpath.Core.Model;

namespace Mpath.Core.Topology.Grouping;

/// <summary>What grouping needs to know about one path of a map.</summary>
public sealed record GroupingPath(PathInfo Path, int Priority, CheckerState State = CheckerState.Up, bool Marginal = false)
{
    /// <summary>The ALUA target port group, or -1 when unknown (such paths share one group).</summary>
    public int TargetPortGroup => Path.Alua?.TargetPortGroup ?? -1;
}

/// <summary>
/// Splits a map's paths into path groups by policy (multipath-tools' pgpolicies). Groups hold
/// indexes into the input list and come out in first-appearance order; <see cref="PathGroupOrdering"/>
/// sorts them afterwards.
/// </summary>
public static class PathGrouper
{
    public static IReadOnlyList<IReadOnlyList<int>> Group(PathGroupingPolicy policy, IReadOnlyList<GroupingPath> paths, IReadOnlyList<int> indexes)
    {
        return policy switch
        {
            PathGroupingPolicy.Failover => indexes.Select(i => (IReadOnlyList<int>)[i]).ToList(),
            PathGroupingPolicy.Multibus => indexes.Count == 0 ? [] : [indexes.ToList()],
            PathGroupingPolicy.GroupBySerial => GroupBy(indexes, i => paths[i].Path.Serial),
            PathGroupingPolicy.GroupByPrio => GroupBy(indexes, i => paths[i].Priority),
            PathGroupingPolicy.GroupByNodeName => GroupBy(indexes, i => paths[i].Path.TargetNodeName),
            PathGroupingPolicy.GroupByTpg => GroupBy(indexes, i => paths[i].TargetPortGroup),
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown path grouping policy"),
        };
    }

    /// <summary>
    /// Groups all paths; with <paramref name="marginalPathGroups"/> and a mix of marginal and
    /// normal paths, the two sets are grouped separately so no group mixes them.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> GroupAll(PathGroupingPolicy policy, IReadOnlyList<GroupingPath> paths, bool marginalPathGroups)
    {
        var all = Enumerable.Range(0, paths.Count).ToList();
        var marginal = all.Where(i => paths[i].Marginal).ToList();
        if (!marginalPathGroups || marginal.Count == 0 || marginal.Count == all.Count)
            return Group(policy, paths, all);
        var normal = all.Where(i => !paths[i].Marginal).ToList();
        return [.. Group(policy, paths, normal), .. Group(policy, paths, marginal)];
    }

    private static List<IReadOnlyList<int>> GroupBy<TKey>(IReadOnlyList<int> indexes, Func<int, TKey> keyOf)
        where TKey : notnull
    {
        var groups = new List<IReadOnlyList<int>>();
        var byKey = new Dictionary<TKey, List<int>>();
        foreach (var index in indexes)
        {
            var key = keyOf(index);
            if (!byKey.TryGetValue(key, out var group))
            {
                group = [];
                byKey.Add(key, group);
                groups.Add(group);
            }
            group.Add(index);
        }
        return groups;
    }
}
