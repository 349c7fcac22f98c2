using Mpath.Core.Model;
using Mpath.Core.Topology;
using Mpath.Core.Topology.DeviceMapper;
using Mpath.Core.Topology.Naming;

namespace Mpath.Core.Tests.Topology;

public class MapAssemblerTests
{
    private static readonly MapSettings Alua = new()
    {
        PathGroupingPolicy = PathGroupingPolicy.GroupByPrio,
        Prio = "alua",
        HardwareHandler = "1 alua",
        NoPathRetry = NoPathRetry.Queue,
        Failback = Failback.Immediate,
    };

    private static AssemblyResult Assemble(IReadOnlyList<PathInfo> paths, MapSettings settings, MapAssemblyOptions? options = null, MapNamer? namer = null) =>
        MapAssembler.Assemble(paths, _ => settings, namer ?? MapNamer.InMemory(), options);

    [Fact]
    public void Alua_group_by_prio_puts_the_optimized_controller_first()
    {
        var map = Assemble(TopologyFixtures.FourPaths(), Alua).Maps.Single();
        Assert.Equal(TopologyFixtures.Wwid, map.Name);
        Assert.Equal([50, 10, 10, 50], map.Priorities.Select(p => p.Priority));
        Assert.Equal([["sda", "sdd"], ["sdb", "sdc"]], map.GroupDevices());
        Assert.Equal([50, 10], map.Groups.Select(g => g.Priority));
        Assert.Equal(1, map.InitialGroup);
        Assert.Equal("1 queue_if_no_path", map.Features);
        Assert.Equal("1 queue_if_no_path 1 alua 2 1 service-time 0 2 1 8:0 1 8:48 1 service-time 0 2 1 8:16 1 8:32 1", map.TableParameters);
    }

    [Fact]
    public void Lab_two_path_map_renders_the_lab_table()
    {
        var paths = TopologyFixtures.FourPaths().Take(2).ToList();
        var map = Assemble(paths, Alua with { PathGroupingPolicy = PathGroupingPolicy.Failover }).Maps.Single();
        Assert.Equal("1 queue_if_no_path 1 alua 2 1 service-time 0 1 1 8:0 1 service-time 0 1 1 8:16 1", map.TableParameters);
        Assert.True(DmTable.Parse(map.TableParameters).Success);
    }

    [Fact]
    public void Failover_orders_single_path_groups_by_priority_and_keeps_discovery_order_on_ties()
    {
        var map = Assemble(TopologyFixtures.FourPaths(), Alua with { PathGroupingPolicy = PathGroupingPolicy.Failover }).Maps.Single();
        Assert.Equal([["sda"], ["sdd"], ["sdb"], ["sdc"]], map.GroupDevices());
    }

    [Fact]
    public void Multibus_with_const_priority_is_one_group()
    {
        var map = Assemble(TopologyFixtures.FourPaths(), new MapSettings { PathGroupingPolicy = PathGroupingPolicy.Multibus }).Maps.Single();
        Assert.Equal([["sda", "sdb", "sdc", "sdd"]], map.GroupDevices());
        Assert.Equal("0 0 1 1 service-time 0 4 1 8:0 1 8:16 1 8:32 1 8:48 1", map.TableParameters);
    }

    [Fact]
    public void When_the_optimized_paths_are_down_the_initial_group_is_the_working_one()
    {
        var options = new MapAssemblyOptions { StateOf = p => p.Dev is "sda" or "sdd" ? CheckerState.Down : CheckerState.Up };
        var map = Assemble(TopologyFixtures.FourPaths(), Alua with { PathGroupingPolicy = PathGroupingPolicy.GroupByTpg }, options).Maps.Single();
        // A group without usable paths has priority 0 and sorts after the working one.
        Assert.Equal([["sdb", "sdc"], ["sda", "sdd"]], map.GroupDevices());
        Assert.Equal(1, map.InitialGroup);
        Assert.Equal([10, 0], map.Groups.Select(g => g.Priority));
    }

    [Fact]
    public void Rr_weight_priorities_multiplies_the_repeat_count()
    {
        var map = Assemble(TopologyFixtures.FourPaths(), Alua with { RrWeight = RrWeight.Priorities, RrMinIoRq = 2, PathSelector = "round-robin 0" }).Maps.Single();
        Assert.Equal("1 queue_if_no_path 1 alua 2 1 round-robin 0 2 1 8:0 100 8:48 100 round-robin 0 2 1 8:16 20 8:32 20", map.TableParameters);
    }

    [Theory]
    [InlineData("1 queue_if_no_path", null, "1 queue_if_no_path", "queue")]
    [InlineData("1 queue_if_no_path", "fail", "0", "fail")]
    [InlineData("3 queue_if_no_path pg_init_retries 50", "12", "3 pg_init_retries 50 queue_if_no_path", "12")]
    [InlineData("0", "queue", "1 queue_if_no_path", "queue")]
    [InlineData("0", null, "0", null)]
    [InlineData("1 retain_attached_hw_handler", null, "0", null)]
    public void Queue_if_no_path_follows_no_path_retry(string features, string? noPathRetry, string expectedFeatures, string? expectedRetry)
    {
        NoPathRetry? retry = noPathRetry is null ? null : NoPathRetry.TryParse(noPathRetry, out var r) ? r : throw new ArgumentException(noPathRetry);
        var (words, resolved) = MapAssembler.ResolveFeatures(new MapSettings { Features = features, NoPathRetry = retry });
        Assert.Equal(expectedFeatures, DmWordList.Format(words));
        Assert.Equal(expectedRetry, resolved?.ToString());
    }

    [Fact]
    public void Skips_devices_without_wwid_blacklisted_removed_or_without_dev_t()
    {
        var paths = TopologyFixtures.FourPaths().ToList();
        paths.Add(TopologyFixtures.PathOf("sde", "8:64", "3:0:0:0", "A", wwid: ""));
        paths.Add(TopologyFixtures.PathOf("sdf", "8:80", "3:0:0:1", "A", wwid: "W-OTHER"));
        paths.Add(TopologyFixtures.PathOf("sdg", "", "3:0:0:2", "A", wwid: "W-THIRD"));
        var options = new MapAssemblyOptions
        {
            BlacklistReason = p => p.Dev == "sdf" ? "blacklisted by devnode" : null,
            StateOf = p => p.Dev == "sdd" ? CheckerState.Removed : CheckerState.Up,
        };
        var result = Assemble(paths, Alua, options);
        Assert.Equal([["sda"], ["sdb", "sdc"]], result.Maps.Single().GroupDevices());
        Assert.Equal(
            [("sdd", "path removed"), ("sde", "no WWID"), ("sdf", "blacklisted by devnode"), ("sdg", "dev_t not set")],
            result.Skipped.Select(s => (s.Dev, s.Reason)).Order());
    }

    [Fact]
    public void A_size_mismatch_rejects_every_path_of_the_wwid()
    {
        var paths = TopologyFixtures.FourPaths().ToList();
        paths[2] = paths[2] with { SizeSectors = 4096 };
        var result = Assemble(paths, Alua);
        Assert.Empty(result.Maps);
        Assert.Equal(4, result.Skipped.Count);
        Assert.All(result.Skipped, s => Assert.StartsWith("size mismatch: sdc", s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Maps_come_out_in_order_of_their_first_path_with_friendly_names()
    {
        var paths = TopologyFixtures.FourPaths("W-B").Concat(TopologyFixtures.FourPaths("W-A")).ToList();
        var namer = new MapNamer(BindingsFile.Parse("mpatha W-A\n"));
        var maps = Assemble(paths, Alua with { UserFriendlyNames = true }, namer: namer).Maps;
        Assert.Equal([("mpathb", "W-B"), ("mpatha", "W-A")], maps.Select(m => (m.Name, m.Wwid)));
        Assert.Equal([MapNameSource.NewBinding, MapNameSource.Binding], maps.Select(m => m.NameSource));
    }

    [Fact]
    public void Find_multipaths_strict_skips_wwids_not_in_the_wwids_file_and_on_skips_lone_paths()
    {
        var paths = TopologyFixtures.FourPaths("W-MULTI").Append(TopologyFixtures.PathOf("sdz", "65:144", "5:0:0:0", "A", wwid: "W-LONE")).ToList();
        var strict = Assemble(paths, Alua, new MapAssemblyOptions { FindMultipaths = FindMultipathsMode.Strict, Wwids = WwidsFile.Empty.Add("W-LONE") });
        Assert.Equal(["W-LONE"], strict.Maps.Select(m => m.Wwid));
        Assert.Equal(4, strict.Skipped.Count);

        var on = Assemble(paths, Alua, new MapAssemblyOptions { FindMultipaths = FindMultipathsMode.On });
        Assert.Equal(["W-MULTI"], on.Maps.Select(m => m.Wwid));
        Assert.Equal(("sdz", "only one path"), (on.Skipped.Single().Dev, on.Skipped.Single().Reason));
    }

    [Fact]
    public void Smart_marks_a_lone_path_held_with_its_wwid_and_an_existing_map_can_override_strict()
    {
        var paths = TopologyFixtures.FourPaths("W-MULTI").Append(TopologyFixtures.PathOf("sdz", "65:144", "5:0:0:0", "A", wwid: "W-LONE")).ToList();
        var smart = Assemble(paths, Alua, new MapAssemblyOptions { FindMultipaths = FindMultipathsMode.Smart, SmartTimeoutExpired = _ => false });
        Assert.Equal(new SkippedDevice("sdz", "find_multipaths smart: waiting for a second path", "W-LONE", Held: true), smart.Skipped.Single());

        var strict = new MapAssemblyOptions { FindMultipaths = FindMultipathsMode.Strict, MapExists = w => w == "W-MULTI" };
        Assert.Empty(Assemble(paths, Alua, strict).Maps);
        Assert.Equal(["W-MULTI"], Assemble(paths, Alua, strict with { ExistingMapsAlwaysCount = true }).Maps.Select(m => m.Wwid));
    }

    [Fact]
    public void Unknown_prioritizer_gives_undefined_priorities_and_a_reason()
    {
        var map = Assemble(TopologyFixtures.FourPaths(), Alua with { Prio = "nosuch" }).Maps.Single();
        Assert.All(map.Priorities, p => Assert.Equal(-1, p.Priority));
        Assert.All(map.Priorities, p => Assert.NotNull(p.Reason));
        Assert.Equal([["sda", "sdb", "sdc", "sdd"]], map.GroupDevices());
    }

    [Fact]
    public void Random_prioritizer_is_reproducible_with_the_same_seed()
    {
        var paths = Enumerable.Range(0, 12).Select(i => TopologyFixtures.PathOf($"sd{(char)('a' + i)}", $"8:{16 * i}", $"1:0:{i}:1", "A")).ToList();
        var settings = new MapSettings { Prio = "random", PathGroupingPolicy = PathGroupingPolicy.GroupByPrio };
        string Run(int seed) => Assemble(paths, settings, new MapAssemblyOptions { Random = new Random(seed) }).Maps.Single().TableParameters;
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }
}
