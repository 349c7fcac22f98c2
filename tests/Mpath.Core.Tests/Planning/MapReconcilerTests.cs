using Mpath.Core.Config.Loading;
using Mpath.Core.Model;
using Mpath.Core.Planning;
using Mpath.Core.Topology.DeviceMapper;
using Mpath.Core.Topology.Naming;

namespace Mpath.Core.Tests.Planning;

public class MapReconcilerTests
{
    private const string Wwid = "36001405aaaa";

    /// <summary>A LIO LUN through two ports: sda active/optimized (TPG 1), sdb standby (TPG 2), group_by_prio with alua.</summary>
    private static PlannedMap LioMap(bool swapped = false, long size = 32768)
    {
        PathInfo Path(string dev, string devT, int tpg, bool active) =>
            new(dev, devT, $"0:0:{tpg}:0", "LIO-ORG", "RAMDISK-MCP", "4.0", Wwid, SizeSectors: size,
                Alua: new AluaInfo(tpg, active ? AluaAccessState.ActiveOptimized : AluaAccessState.Standby, false));
        var paths = new[] { new DescribedPath(Path("sda", "8:0", 1, !swapped)), new DescribedPath(Path("sdb", "8:16", 2, swapped)) };
        return Assert.Single(MapPlanner.Plan(ConfigLoader.LoadText("").Config, paths).Maps);
    }

    private static LiveMap Live(string name, string parameters, long size = 32768, string uuid = "mpath-" + Wwid, string type = "multipath") =>
        new(name, uuid, [new LiveTarget(0, size, type, parameters)]);

    [Fact]
    public void Creates_under_the_planned_name_when_no_map_has_the_uuid()
    {
        var map = LioMap();
        var other = Live(map.Plan.Name, map.Plan.TableParameters, uuid: "mpath-somethingelse");
        var change = Assert.Single(MapReconciler.Reconcile([map], [other]));
        Assert.Equal((MapChange.Create, Wwid, "mpath-" + Wwid), (change.Change, change.Name, change.Uuid));
    }

    [Fact]
    public void The_kernels_echo_of_the_loaded_table_is_unchanged()
    {
        var map = LioMap();
        Assert.Equal("1 queue_if_no_path 1 alua 2 1 service-time 0 1 1 8:0 1 service-time 0 1 1 8:16 1", map.Plan.TableParameters);
        // What dmsetup table shows after loading it: service-time's extra path argument, initial group as the kernel's next one.
        var echo = "1 queue_if_no_path 1 alua 2 2 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1";
        var change = Assert.Single(MapReconciler.Reconcile([map], [Live("mpatha", echo)]));
        Assert.Equal((MapChange.Unchanged, "mpatha"), (change.Change, change.Name));
    }

    [Fact]
    public void Swapped_alua_groups_reload_under_the_existing_name()
    {
        var before = LioMap();
        var after = LioMap(swapped: true);
        var change = Assert.Single(MapReconciler.Reconcile([after], [Live("mpatha", before.Plan.TableParameters)]));
        Assert.Equal((MapChange.Reload, "mpatha"), (change.Change, change.Name));
        Assert.Equal("group 1: paths changed from [8:0] to [8:16]", change.Reason);
    }

    [Fact]
    public void A_size_change_or_a_foreign_target_reloads()
    {
        var map = LioMap(size: 65536);
        Assert.Equal(MapChange.Reload, MapReconciler.Reconcile([map], [Live("m", map.Plan.TableParameters, size: 32768)])[0].Change);
        Assert.Equal(MapChange.Reload, MapReconciler.Reconcile([map], [Live("m", "8:0 0", size: 65536, type: "linear")])[0].Change);
        Assert.Equal(MapChange.Reload, MapReconciler.Reconcile([map], [Live("m", "garbage", size: 65536)])[0].Change);
    }

    [Theory]
    [InlineData("0 0 1 1 round-robin 0 2 1 8:0 1 8:16 1", null)]
    [InlineData("1 retain_attached_hw_handler 1 alua 1 1 round-robin 0 2 1 8:0 1 8:16 1", null)]
    [InlineData("0 0 1 1 round-robin 0 2 1 8:16 1 8:0 1", "group 1: paths changed from [8:16 8:0] to [8:0 8:16]")]
    [InlineData("1 queue_if_no_path 0 1 1 round-robin 0 2 1 8:0 1 8:16 1", "features changed from '1 queue_if_no_path' to '0'")]
    [InlineData("0 0 1 1 service-time 0 2 1 8:0 1 8:16 1", "group 1: path selector changed from 'service-time' to 'round-robin'")]
    [InlineData("0 0 1 1 round-robin 0 2 1 8:0 2 8:16 1", "group 1: arguments of 8:0 changed from '2' to '1'")]
    [InlineData("0 0 2 1 round-robin 0 1 1 8:0 1 round-robin 0 1 1 8:16 1", "path group count changed from 2 to 1")]
    public void Table_difference_ignores_only_what_the_kernel_rewrites(string live, string? difference)
    {
        var wanted = DmTable.Parse("0 0 1 1 round-robin 0 2 1 8:0 1 8:16 1").Value!;
        Assert.Equal(difference, MapReconciler.TableDifference(wanted, DmTable.Parse(live).Value!));
    }

    [Fact]
    public void Features_compare_as_items_in_any_order()
    {
        var wanted = DmTable.Parse("3 pg_init_retries 50 queue_if_no_path 0 0 0").Value!;
        Assert.Null(MapReconciler.TableDifference(wanted, DmTable.Parse("3 queue_if_no_path pg_init_retries 50 0 0 0").Value!));
        Assert.NotNull(MapReconciler.TableDifference(wanted, DmTable.Parse("3 queue_if_no_path pg_init_retries 5 0 0 0").Value!));
    }

    [Fact]
    public void Planning_context_applies_find_multipaths_and_keeps_names_of_other_maps_free()
    {
        PathInfo Path(string dev, string wwid) => new(dev, "8:" + dev[^1], "0:0:0:0", "Linux", "scsi_debug", "1", wwid, SizeSectors: 8);
        var paths = new[] { new DescribedPath(Path("sda", "w1")), new DescribedPath(Path("sdb", "w2")), new DescribedPath(Path("sdc", "w2")) };
        var config = ConfigLoader.LoadText("defaults {\n user_friendly_names yes\n find_multipaths on\n}\n").Config;
        var result = MapPlanner.Plan(config, paths, BindingsFile.Empty, new PlanningContext
        {
            FindMultipaths = FindMultipathsMode.On,
            ExistingMapWwid = name => name == "mpatha" ? "" : null,
        });
        var map = Assert.Single(result.Maps);
        Assert.Equal(("w2", "mpathb"), (map.Plan.Wwid, map.Plan.Name));
        Assert.True(result.BindingsChanged);
        Assert.Equal("w2", result.Bindings.ForAlias("mpathb")?.Wwid);
        Assert.Contains(result.Skipped, s => s.Dev == "sda" && s.Reason == "only one path");
    }

    [Fact]
    public void Named_selection_takes_every_path_of_the_named_wwids()
    {
        PathInfo Path(string dev, string devT, string wwid) => new(dev, devT, "0:0:0:0", "Linux", "scsi_debug", "1", wwid);
        var paths = new[] { new DescribedPath(Path("sda", "8:0", "w1")), new DescribedPath(Path("sdb", "8:16", "w2")), new DescribedPath(Path("sdc", "8:32", "w1")) };
        var byDev = NamedPathSelection.Select(paths, ["/dev/sda", "nope"]);
        Assert.Equal(["sda", "sdc"], byDev.Paths.Select(p => p.Path.Dev));
        Assert.Equal(["nope"], byDev.Unmatched);
        Assert.Equal(["sdb"], NamedPathSelection.Select(paths, ["w2"]).Paths.Select(p => p.Path.Dev));
        Assert.Equal(["sdb"], NamedPathSelection.Select(paths, ["8:16"]).Paths.Select(p => p.Path.Dev));
    }

    [Theory]
    [InlineData(true, true, null, "1 alua")]
    [InlineData(true, false, null, "0")]
    [InlineData(false, false, "emc", "1 emc")]
    [InlineData(true, true, "alua", "1 alua")]
    public void Hardware_handler_is_chosen_per_map_from_attached_handlers_and_alua_support(bool firstAlua, bool secondAlua, string? attached, string handler)
    {
        PathInfo Path(string dev, bool alua) => new(dev, "8:" + dev[^1], "0:0:0:0", "Linux", "scsi_debug", "1", "w", SizeSectors: 8,
            Alua: alua ? new AluaInfo(1, AluaAccessState.ActiveOptimized, false) : null);
        var paths = new[] { new DescribedPath(Path("sda", firstAlua)), new DescribedPath(Path("sdb", secondAlua), AttachedHardwareHandler: attached) };
        var map = Assert.Single(MapPlanner.Plan(ConfigLoader.LoadText("").Config, paths).Maps);
        Assert.Equal(handler, map.Plan.HardwareHandler);
    }

    [Fact]
    public void A_configured_hardware_handler_is_not_replaced_by_the_alua_default()
    {
        PathInfo Path(string dev) => new(dev, "8:" + dev[^1], "0:0:0:0", "Linux", "scsi_debug", "1", "w", SizeSectors: 8,
            Alua: new AluaInfo(1, AluaAccessState.ActiveOptimized, false));
        var config = ConfigLoader.LoadText("devices {\n device {\n  vendor Linux\n  product scsi_debug\n  hardware_handler \"0\"\n }\n}\n").Config;
        var map = Assert.Single(MapPlanner.Plan(config, [new DescribedPath(Path("sda")), new DescribedPath(Path("sdb"))]).Maps);
        Assert.Equal("0", map.Plan.HardwareHandler);
    }
}
