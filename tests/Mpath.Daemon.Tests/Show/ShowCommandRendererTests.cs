using Mpath.Core.Model;
using Mpath.Daemon.Control;
using Mpath.Daemon.Show;
using Mpath.Daemon.State;
using static Mpath.Daemon.Tests.Show.GoldenOutputTests;

namespace Mpath.Daemon.Tests.Show;

public class ShowCommandRendererTests
{
    [Theory]
    [InlineData("show path sdz")]
    [InlineData("show map nosuch json")]
    [InlineData("show map nosuch topology")]
    [InlineData("show map nosuch format %n")]
    [InlineData("show map nosuch raw format %n")]
    [InlineData("show map dm-7 json")]
    public void Unknown_maps_and_paths_fail_like_multipathd(string command) =>
        Assert.Equal("fail\n", Reply(LabSnapshots.ScsiDebug(), command));

    [Theory]
    [InlineData("show paths")]
    [InlineData("show paths format %d")]
    [InlineData("show maps")]
    [InlineData("show maps status")]
    [InlineData("show topology")]
    public void Empty_results_reply_ok(string command) =>
        Assert.Equal("ok\n", Reply(DaemonSnapshot.Empty(LabSnapshots.TakenAt), command));

    [Fact]
    public void Maps_json_without_maps_is_an_empty_array() =>
        Assert.Equal("{\n   \"major_version\": 0,\n   \"minor_version\": 1,\n   \"maps\": []\n}\n",
            Reply(DaemonSnapshot.Empty(LabSnapshots.TakenAt), "show maps json"));

    [Fact]
    public void Show_path_prints_the_device_state_and_accepts_a_dev_prefix()
    {
        var snapshot = LabSnapshots.ScsiDebug();
        var orphan = LabSnapshots.Path("sdc", "8:32", "2:0:0:0", -1, "x", 0) with { MapName = null };
        snapshot = snapshot with { UnmappedPaths = [orphan] };
        Assert.Equal("running\n", Reply(snapshot, "show path sda"));
        Assert.Equal("running\n", Reply(snapshot, "show path /dev/sdb"));
        Assert.Equal("unknown\n", Reply(snapshot, "show path sdc"));
    }

    [Theory]
    [InlineData("show map mpatha format \"%n %d\"")]
    [InlineData("show map dm-0 format \"%n %d\"")]
    [InlineData("show map /dev/dm-0 format \"%n %d\"")]
    [InlineData("show map 1Linux_scsi_debug_2000 format \"%n %d\"")]
    [InlineData("show map mpatha raw format \"%n %d\"")]
    public void A_map_is_found_by_name_minor_or_wwid_and_padded_to_all_maps_widths(string command)
    {
        var snapshot = LabSnapshots.ScsiDebug();
        var longer = snapshot.Maps[0] with { Name = "mpath-longname", Wwid = "other", SysfsName = "dm-12" };
        snapshot = snapshot with { Maps = [snapshot.Maps[0], longer] };
        Assert.Equal("mpatha         dm-0 \n", Reply(snapshot, command));
    }

    [Fact]
    public void Raw_format_has_no_header_and_no_padding_while_format_pads_under_a_header()
    {
        var snapshot = LabSnapshots.ScsiDebug();
        Assert.Equal("sda|8:0|50\nsdb|8:16|10\n", Reply(snapshot, "show paths raw format \"%d|%D|%p\""));
        Assert.Equal("dev|dev_t|pri\nsda|8:0  |50 \nsdb|8:16 |10 \n", Reply(snapshot, "show paths format \"%d|%D|%p\""));
        Assert.Equal("mpatha 2\n", Reply(snapshot, "show maps raw format \"%n %N\""));
        Assert.Equal("name   paths\nmpatha 2    \n", Reply(snapshot, "show maps format \"%n %N\""));
    }

    [Fact]
    public void Topology_widths_cover_every_known_path_including_unmapped_ones()
    {
        var orphan = LabSnapshots.Path("sdaa", "65:160", "10:0:0:0", -1, "x", 0) with { MapName = null };
        var snapshot = LabSnapshots.ScsiDebug() with { UnmappedPaths = [orphan] };
        Assert.Contains("| `- 0:0:0:0  sda  8:0    active ready running\n", Reply(snapshot, "show topology"), StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_are_listed_in_device_name_order()
    {
        var lab = LabSnapshots.ScsiDebug();
        var sdaa = LabSnapshots.Path("sdaa", "65:160", "2:0:0:0", -1, "x", 0) with { MapName = null };
        var sdc = LabSnapshots.Path("sdc", "8:32", "2:0:0:1", -1, "x", 0) with { MapName = null };
        var reply = Reply(lab with { UnmappedPaths = [sdaa, sdc] }, "show paths raw format %d");
        Assert.Equal("sda\nsdb\nsdc\nsdaa\n", reply);
        Assert.True(DeviceNameComparer.Instance.Compare("nvme0n2", "nvme0n10") < 0);
    }

    [Theory]
    [InlineData("show config")]
    [InlineData("show config local")]
    [InlineData("show blacklist")]
    [InlineData("show devices")]
    [InlineData("fail path sda")]
    public void Commands_needing_more_than_the_snapshot_are_left_to_the_caller(string command)
    {
        var parsed = ControlCommandGrammar.Parse(command).Command!;
        Assert.False(ShowCommandRenderer.TryRender(parsed, LabSnapshots.ScsiDebug(), out _));
    }

    [Fact]
    public void Every_other_show_shape_of_the_grammar_is_answered()
    {
        var outside = new[] { "show config", "show config local", "show blacklist", "show devices" };
        var expected = ControlCommandGrammar.Shapes.Where(s => s.StartsWith("show ", StringComparison.Ordinal) && !outside.Contains(s));
        Assert.Equal(expected.Order(StringComparer.Ordinal), ShowCommandRenderer.Shapes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Checker_and_kernel_states_show_separately()
    {
        var lab = LabSnapshots.ScsiDebug();
        var failed = lab.Maps[0].Groups[0].Paths[0] with { State = CheckerState.Down, DmState = DmPathState.Failed, DeviceState = "offline" };
        var map = lab.Maps[0] with { Groups = [lab.Maps[0].Groups[0] with { Paths = [failed] }, lab.Maps[0].Groups[1]] };
        Assert.Contains("0:0:0:0 sda 8:0   50  failed faulty offline XXXXXXXX.. 8/10\n", Reply(lab with { Maps = [map] }, "show paths"), StringComparison.Ordinal);
    }
}

public class DaemonStateTests
{
    [Fact]
    public void Readers_see_the_latest_published_snapshot()
    {
        var publisher = new DaemonStatePublisher(DaemonSnapshot.Empty(LabSnapshots.TakenAt));
        Assert.Empty(publisher.Current.Maps);
        var lab = LabSnapshots.ScsiDebug();
        publisher.Publish(lab);
        Assert.Same(lab, publisher.Current);
    }

    [Theory]
    [InlineData("offline", "offline")]
    [InlineData("transport-offline", "offline")]
    [InlineData("blocked", "running")]
    [InlineData("running", "running")]
    public void Device_state_column_is_offline_or_running(string sysfs, string shown)
    {
        var lab = LabSnapshots.ScsiDebug();
        var path = lab.Maps[0].Groups[0].Paths[0] with { DeviceState = sysfs };
        var map = lab.Maps[0] with { Groups = [lab.Maps[0].Groups[0] with { Paths = [path] }] };
        Assert.Equal(shown + "\n", GoldenOutputTests.Reply(lab with { Maps = [map] }, "show path sda"));
    }

    [Fact]
    public void Dm_uuid_and_map_identity()
    {
        var map = LabSnapshots.ScsiDebug().Maps[0];
        Assert.Equal("mpath-1Linux_scsi_debug_2000", map.DmUuid);
        Assert.Equal(("Linux", "scsi_debug", "0191"), (map.Vendor, map.Product, map.Revision));
        var unnamed = LabSnapshots.ScsiDebug() with { Maps = [map with { Name = "" }] };
        Assert.StartsWith("1Linux_scsi_debug_2000 dm-0 Linux,scsi_debug\n", GoldenOutputTests.Reply(unnamed, "show topology"), StringComparison.Ordinal);
    }
}
