using Mpath.Daemon.Control;
using Mpath.Daemon.Show;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Tests.Show;

/// <summary>Whole replies compared with what the lab's multipathd printed (../shared/lab/README.md a. and c.).</summary>
public class GoldenOutputTests
{
    internal static string Reply(DaemonSnapshot snapshot, string command)
    {
        var parsed = ControlCommandGrammar.Parse(command);
        Assert.True(parsed.Ok, parsed.Error);
        Assert.True(ShowCommandRenderer.TryRender(parsed.Command!, snapshot, out var reply), command);
        return reply;
    }

    [Fact]
    public void Show_paths_matches_the_lab()
    {
        // The README trims trailing blanks; multipathd pads the last header to the next_check width (15).
        const string expected =
            "hcil    dev dev_t pri dm_st  chk_st dev_st  next_check     \n" +
            "0:0:0:0 sda 8:0   50  active ready  running XXXXXXXX.. 8/10\n" +
            "1:0:0:0 sdb 8:16  10  active ready  running XXXXXXXX.. 8/10\n";
        Assert.Equal(expected, Reply(LabSnapshots.ScsiDebug(), "show paths"));
    }

    [Fact]
    public void Show_topology_matches_multipath_ll_in_the_lab()
    {
        const string expected =
            "mpatha (1Linux_scsi_debug_2000) dm-0 Linux,scsi_debug\n" +
            "size=8.0M features='0' hwhandler='1 alua' wp=rw\n" +
            "|-+- policy='service-time 0' prio=50 status=active\n" +
            "| `- 0:0:0:0 sda 8:0  active ready running\n" +
            "`-+- policy='service-time 0' prio=10 status=enabled\n" +
            "  `- 1:0:0:0 sdb 8:16 active ready running\n";
        Assert.Equal(expected, Reply(LabSnapshots.ScsiDebug(), "show topology"));
        Assert.Equal(expected, Reply(LabSnapshots.ScsiDebug(), "show maps topology"));
        Assert.Equal(expected, Reply(LabSnapshots.ScsiDebug(), "show map mpatha topology"));
    }

    [Fact]
    public void Lio_topology_shows_queueing_features_and_the_ghost_path()
    {
        const string expected =
            "mpatha (360014051ab1000000004000800000000) dm-0 LIO-ORG,RAMDISK-MCP\n" +
            "size=16M features='1 queue_if_no_path' hwhandler='1 alua' wp=rw\n" +
            "|-+- policy='service-time 0' prio=50 status=active\n" +
            "| `- 0:0:1:0 sda 8:0  active ready running\n" +
            "`-+- policy='service-time 0' prio=1 status=enabled\n" +
            "  `- 1:0:1:0 sdb 8:16 active ghost running\n";
        Assert.Equal(expected, Reply(LabSnapshots.LioBeforeTrespass(), "show topology"));
    }

    [Fact]
    public void Topology_names_the_action_and_drops_the_wwid_when_the_map_is_named_by_it()
    {
        var snapshot = LabSnapshots.ScsiDebug(MapAction.Create);
        Assert.StartsWith("create: mpatha (1Linux_scsi_debug_2000) dm-0 Linux,scsi_debug\n", Reply(snapshot, "show topology"), StringComparison.Ordinal);
        var byWwid = snapshot with { Maps = [snapshot.Maps[0] with { Name = "1Linux_scsi_debug_2000", Action = MapAction.Nothing }] };
        Assert.StartsWith("1Linux_scsi_debug_2000 dm-0 Linux,scsi_debug\n", Reply(byWwid, "show topology"), StringComparison.Ordinal);
    }

    [Fact]
    public void Show_maps_json_is_multipathds_layout()
    {
        // The lab (0.9.4) printed "failback" : "-" for manual; 0.14 prints "manual".
        const string expected =
            "{\n" +
            "   \"major_version\": 0,\n" +
            "   \"minor_version\": 1,\n" +
            "   \"maps\": [{\n" +
            "      \"name\" : \"mpatha\",\n" +
            "      \"uuid\" : \"1Linux_scsi_debug_2000\",\n" +
            "      \"sysfs\" : \"dm-0\",\n" +
            "      \"failback\" : \"manual\",\n" +
            "      \"queueing\" : \"-\",\n" +
            "      \"paths\" : 2,\n" +
            "      \"write_prot\" : \"rw\",\n" +
            "      \"dm_st\" : \"active\",\n" +
            "      \"features\" : \"0\",\n" +
            "      \"hwhandler\" : \"1 alua\",\n" +
            "      \"action\" : \"create\",\n" +
            "      \"path_faults\" : 0,\n" +
            "      \"vend\" : \"Linux\",\n" +
            "      \"prod\" : \"scsi_debug\",\n" +
            "      \"rev\" : \"0191\",\n" +
            "      \"switch_grp\" : 0,\n" +
            "      \"map_loads\" : 1,\n" +
            "      \"total_q_time\" : 0,\n" +
            "      \"q_timeouts\" : 0,\n" +
            "      \"path_groups\": [{\n" +
            "         \"selector\" : \"service-time 0\",\n" +
            "         \"pri\" : 50,\n" +
            "         \"dm_st\" : \"active\",\n" +
            "         \"marginal_st\" : \"normal\",\n" +
            "         \"group\" : 1,\n" +
            "         \"paths\": [{\n" +
            "            \"dev\" : \"sda\",\n" +
            "            \"dev_t\" : \"8:0\",\n" +
            "            \"dm_st\" : \"active\",\n" +
            "            \"dev_st\" : \"running\",\n" +
            "            \"chk_st\" : \"ready\",\n" +
            "            \"checker\" : \"tur\",\n" +
            "            \"pri\" : 50,\n" +
            "            \"host_wwnn\" : \"[undef]\",\n" +
            "            \"target_wwnn\" : \"[undef]\",\n" +
            "            \"host_wwpn\" : \"[undef]\",\n" +
            "            \"target_wwpn\" : \"[undef]\",\n" +
            "            \"host_adapter\" : \"[undef]\",\n" +
            "            \"lun_hex\" : \"0x0000000000000000\",\n" +
            "            \"marginal_st\" : \"normal\"\n" +
            "         }]\n" +
            "      },{\n" +
            "         \"selector\" : \"service-time 0\",\n" +
            "         \"pri\" : 10,\n" +
            "         \"dm_st\" : \"enabled\",\n" +
            "         \"marginal_st\" : \"normal\",\n" +
            "         \"group\" : 2,\n" +
            "         \"paths\": [{\n" +
            "            \"dev\" : \"sdb\",\n" +
            "            \"dev_t\" : \"8:16\",\n" +
            "            \"dm_st\" : \"active\",\n" +
            "            \"dev_st\" : \"running\",\n" +
            "            \"chk_st\" : \"ready\",\n" +
            "            \"checker\" : \"tur\",\n" +
            "            \"pri\" : 10,\n" +
            "            \"host_wwnn\" : \"[undef]\",\n" +
            "            \"target_wwnn\" : \"[undef]\",\n" +
            "            \"host_wwpn\" : \"[undef]\",\n" +
            "            \"target_wwpn\" : \"[undef]\",\n" +
            "            \"host_adapter\" : \"[undef]\",\n" +
            "            \"lun_hex\" : \"0x0000000000000000\",\n" +
            "            \"marginal_st\" : \"normal\"\n" +
            "         }]\n" +
            "      }]\n" +
            "   }]\n" +
            "}\n";
        Assert.Equal(expected, Reply(LabSnapshots.ScsiDebug(MapAction.Create), "show maps json"));
    }

    [Fact]
    public void Show_map_json_wraps_one_map_in_a_map_key()
    {
        var reply = Reply(LabSnapshots.ScsiDebug(), "show map mpatha json");
        Assert.StartsWith("{\n   \"major_version\": 0,\n   \"minor_version\": 1,\n   \"map\":{\n      \"name\" : \"mpatha\",\n", reply, StringComparison.Ordinal);
        Assert.EndsWith("         }]\n      }]\n   }\n}\n", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_maps_fits_columns_and_status_and_stats_use_multipathds_layouts()
    {
        var snapshot = LabSnapshots.ScsiDebug();
        Assert.Equal(
            "name   sysfs uuid                  \n" +
            "mpatha dm-0  1Linux_scsi_debug_2000\n", Reply(snapshot, "show maps"));
        Assert.Equal(
            "name   failback queueing paths dm-st  write_prot\n" +
            "mpatha manual   -        2     active rw        \n", Reply(snapshot, "show maps status"));
        Assert.Equal(
            "name   path_faults switch_grp map_loads total_q_time q_timeouts\n" +
            "mpatha 0           0          1         0            0         \n", Reply(snapshot, "show maps stats"));
    }

    [Fact]
    public void Show_status_counts_checker_states_in_state_order()
    {
        var lab = LabSnapshots.ScsiDebug();
        var orphan = LabSnapshots.Path("sdc", "8:32", "2:0:0:0", -1, "x", 0) with { MapName = null, State = Mpath.Core.Model.CheckerState.Down, Monitored = false };
        var snapshot = lab with { UnmappedPaths = [orphan], UeventsBusy = true };
        Assert.Equal(
            "path checker states:\n" +
            "down                1\n" +
            "up                  2\n" +
            "\n" +
            "paths: 2\n" +
            "busy: True\n", Reply(snapshot, "show status"));
    }

    [Fact]
    public void Show_daemon_prints_pid_and_state() =>
        Assert.Equal("pid 321 running\n", Reply(LabSnapshots.ScsiDebug(), "show daemon"));
}
