using Mpath.Core.Model;
using Mpath.Core.Topology.Prioritizers;

namespace Mpath.Core.Topology.Grouping;

/// <summary>A path group's standing: its priority, how many of its paths can carry I/O, and whether all its paths are marginal.</summary>
public readonly record struct PathGroupStanding(int Priority, int EnabledPaths, bool Marginal);

/// <summary>Group priority and group order, as multipath-tools computes them.</summary>
public static class PathGroupOrdering
{
    /// <summary>
    /// Priority = integer average over the group's usable (up or ghost) paths that have a defined
    /// priority; PRIO_UNDEF when usable paths exist but none has one; 0 with no usable path.
    /// A group is marginal when every one of its paths is.
    /// </summary>
    public static PathGroupStanding Standing(IReadOnlyList<GroupingPath> paths, IReadOnlyList<int> group)
    {
        var sum = 0L;
        var defined = 0;
        var enabled = 0;
        var marginal = 0;
        foreach (var index in group)
        {
            var path = paths[index];
            if (path.Marginal)
                marginal++;
            if (path.State is CheckerState.Up or CheckerState.Ghost)
            {
                enabled++;
                if (path.Priority != PriorityResult.Undefined)
                {
                    defined++;
                    sum += path.Priority;
                }
            }
        }
        var priority = defined > 0 ? (int)(sum / defined) : enabled > 0 ? PriorityResult.Undefined : 0;
        return new PathGroupStanding(priority, enabled, marginal > 0 && marginal == group.Count);
    }

    /// <summary>
    /// Stable order: non-marginal groups first, then higher priority, then more usable paths;
    /// groups equal on all three keep their order.
    /// </summary>
    public static IReadOnlyList<int> Order(IReadOnlyList<PathGroupStanding> groups) =>
        Enumerable.Range(0, groups.Count)
            .OrderBy(i => groups[i].Marginal)
            .ThenByDescending(i => groups[i].Priority)
            .ThenByDescending(i => groups[i].EnabledPaths)
            .ToList();
}

/// <summary>
/// Which group should carry I/O (multipath-tools' select_path_group), 1-based as dm-multipath
/// numbers groups. Among groups with a usable path, a non-marginal group beats any marginal
/// one; then the higher priority wins; at equal priority the group with more usable paths; at
/// a full tie the earlier group. With no usable group at all, group 1.
/// </summary>
public static class BestGroupSelector
{
    public static int Select(IReadOnlyList<PathGroupStanding> groups) => Select(groups.ToArray().AsSpan());

    /// <summary>The same choice without allocating, for the engine's per-check path.</summary>
    public static int Select(ReadOnlySpan<PathGroupStanding> groups)
    {
        var sawNormal = false;
        var maxPriority = 0;
        var maxEnabled = 1;
        var best = 1;
        for (var i = 0; i < groups.Length; i++)
        {
            var group = groups[i];
            if (group.Marginal && sawNormal)
                continue;
            if (group.EnabledPaths == 0)
                continue;
            if (!group.Marginal && !sawNormal)
            {
                sawNormal = true;
                (maxPriority, maxEnabled, best) = (group.Priority, group.EnabledPaths, i + 1);
            }
            else if (group.Priority > maxPriority)
            {
                (maxPriority, maxEnabled, best) = (group.Priority, group.EnabledPaths, i + 1);
            }
            else if (group.Priority == maxPriority && group.EnabledPaths > maxEnabled)
            {
                (maxEnabled, best) = (group.EnabledPaths, i + 1);
            }
        }
        return best;
    }

    /// <summary>Convenience form over parallel lists of group priorities and usable-path counts (no marginal groups).</summary>
    public static int Select(IReadOnlyList<int> priorities, IReadOnlyList<int> enabledPaths)
    {
        if (priorities.Count != enabledPaths.Count)
            throw new ArgumentException("one usable-path count per group priority is needed", nameof(enabledPaths));
        return Select(priorities.Select((p, i) => new PathGroupStanding(p, enabledPaths[i], false)).ToList());
    }
}
