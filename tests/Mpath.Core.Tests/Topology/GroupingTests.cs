using Mpath.Core.Model;
using Mpath.Core.Topology;
using Mpath.Core.Topology.Grouping;

namespace Mpath.Core.Tests.Topology;

public class GroupingTests
{
    private static List<GroupingPath> FourPaths(params int[] priorities) =>
        TopologyFixtures.FourPaths().Select((p, i) => new GroupingPath(p, priorities.Length > 0 ? priorities[i] : 1)).ToList();

    private static List<List<int>> Grouped(PathGroupingPolicy policy, IReadOnlyList<GroupingPath> paths) =>
        PathGrouper.GroupAll(policy, paths, marginalPathGroups: false).Select(g => g.ToList()).ToList();

    [Fact]
    public void Failover_gives_one_group_per_path() =>
        Assert.Equal([[0], [1], [2], [3]], Grouped(PathGroupingPolicy.Failover, FourPaths()));

    [Fact]
    public void Multibus_gives_one_group() =>
        Assert.Equal([[0, 1, 2, 3]], Grouped(PathGroupingPolicy.Multibus, FourPaths()));

    [Fact]
    public void Group_by_serial_groups_per_controller_serial() =>
        Assert.Equal([[0, 3], [1, 2]], Grouped(PathGroupingPolicy.GroupBySerial, FourPaths()));

    [Fact]
    public void Group_by_node_name_groups_per_target_node() =>
        Assert.Equal([[0, 3], [1, 2]], Grouped(PathGroupingPolicy.GroupByNodeName, FourPaths()));

    [Fact]
    public void Group_by_prio_groups_equal_priorities() =>
        Assert.Equal([[0, 3], [1, 2]], Grouped(PathGroupingPolicy.GroupByPrio, FourPaths(50, 10, 10, 50)));

    [Fact]
    public void Group_by_tpg_groups_per_target_port_group_and_unknown_tpgs_together()
    {
        Assert.Equal([[0, 3], [1, 2]], Grouped(PathGroupingPolicy.GroupByTpg, FourPaths()));
        var noAlua = FourPaths().Select(p => p with { Path = p.Path with { Alua = null } }).ToList();
        Assert.Equal([[0, 1, 2, 3]], Grouped(PathGroupingPolicy.GroupByTpg, noAlua));
    }

    [Fact]
    public void Marginal_paths_get_their_own_groups_only_when_marginal_pathgroups_is_on()
    {
        var paths = FourPaths().Select((p, i) => p with { Marginal = i == 1 }).ToList();
        Assert.Equal([[0, 2, 3], [1]], PathGrouper.GroupAll(PathGroupingPolicy.Multibus, paths, true).Select(g => g.ToList()).ToList());
        Assert.Equal([[0, 1, 2, 3]], PathGrouper.GroupAll(PathGroupingPolicy.Multibus, paths, false).Select(g => g.ToList()).ToList());
    }

    /// <summary>Eight paths, priorities {7,1,3,-1,5,2,8,2} (-1 undefined), grouped by prio then sorted.</summary>
    [Fact]
    public void Group_by_prio_with_an_undefined_priority_orders_like_multipath_tools()
    {
        var paths = Eight([7, 1, 3, -1, 5, 2, 8, 2]);
        Assert.Equal([[6], [0], [4], [2], [5, 7], [1], [3]], Ordered(PathGroupingPolicy.GroupByPrio, paths));
    }

    /// <summary>tpg {1,2,3,3,4,2,5,6}: groups with an undefined path average only the defined ones; all-undefined sorts last.</summary>
    [Fact]
    public void Group_by_tpg_with_undefined_priorities_orders_like_multipath_tools()
    {
        int[] tpgs = [1, 2, 3, 3, 4, 2, 5, 6];
        var paths = Eight([-1, 2, 3, -1, 5, 2, 8, 2])
            .Select((p, i) => p with { Path = p.Path with { Alua = new AluaInfo(tpgs[i], AluaAccessState.ActiveOptimized, false) } }).ToList();
        Assert.Equal([[6], [4], [2, 3], [1, 5], [7], [0]], Ordered(PathGroupingPolicy.GroupByTpg, paths));
    }

    private static List<GroupingPath> Eight(int[] priorities) =>
        priorities.Select((prio, i) => new GroupingPath(TopologyFixtures.PathOf($"sd{(char)('a' + i)}", $"8:{16 * i}", $"0:0:{i}:0", "A"), prio)).ToList();

    private static List<List<int>> Ordered(PathGroupingPolicy policy, List<GroupingPath> paths)
    {
        var groups = PathGrouper.GroupAll(policy, paths, false);
        var standings = groups.Select(g => PathGroupOrdering.Standing(paths, g)).ToList();
        return PathGroupOrdering.Order(standings).Select(i => groups[i].ToList()).ToList();
    }

    [Fact]
    public void Group_priority_is_the_integer_average_of_usable_paths()
    {
        var paths = FourPaths(50, 10, 11, 7).Select((p, i) => p with { State = i == 3 ? CheckerState.Down : i == 2 ? CheckerState.Ghost : CheckerState.Up }).ToList();
        var standing = PathGroupOrdering.Standing(paths, [0, 1, 2, 3]);
        Assert.Equal(new PathGroupStanding(23, 3, false), standing); // (50+10+11)/3, sdd down
        Assert.Equal(new PathGroupStanding(0, 0, false), PathGroupOrdering.Standing(paths, [3]));
    }

    [Fact]
    public void Ordering_puts_marginal_last_then_priority_then_usable_paths_and_is_stable()
    {
        PathGroupStanding[] standings =
        [
            new(10, 1, false),
            new(50, 1, true),
            new(10, 2, false),
            new(10, 1, false),
            new(20, 1, false),
        ];
        Assert.Equal([4, 2, 0, 3, 1], PathGroupOrdering.Order(standings));
    }

    [Theory]
    [InlineData(new[] { 10, 50 }, new[] { 1, 1 }, 2)]
    [InlineData(new[] { 50, 50 }, new[] { 1, 2 }, 2)] // tie: more usable paths
    [InlineData(new[] { 50, 50 }, new[] { 2, 2 }, 1)] // full tie: first
    [InlineData(new[] { 50, 10 }, new[] { 0, 1 }, 2)] // best group has no usable path
    [InlineData(new[] { 50, 10 }, new[] { 0, 0 }, 1)] // nothing usable
    [InlineData(new int[0], new int[0], 1)]
    public void Best_group_from_priorities_and_usable_counts(int[] priorities, int[] enabled, int expected) =>
        Assert.Equal(expected, BestGroupSelector.Select(priorities, enabled));

    [Fact]
    public void A_usable_normal_group_beats_a_better_marginal_group()
    {
        Assert.Equal(2, BestGroupSelector.Select([new PathGroupStanding(90, 2, true), new PathGroupStanding(1, 1, false)]));
        Assert.Equal(2, BestGroupSelector.Select([new PathGroupStanding(10, 1, true), new PathGroupStanding(90, 1, true)]));
    }
}
