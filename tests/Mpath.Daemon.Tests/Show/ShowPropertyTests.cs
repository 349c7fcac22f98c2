using System.Text.Json;
using CsCheck;
using Mpath.Core.Model;
using Mpath.Daemon.Control;
using Mpath.Daemon.Show;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Tests.Show;

public class ShowPropertyTests
{
    /// <summary>Names with the characters that break naive printers: quotes, backslashes, control characters, non-ASCII.</summary>
    private static readonly Gen<string> GenText = Gen.OneOf(
        Gen.String[Gen.Char.AlphaNumeric, 0, 12],
        Gen.String[Gen.Char['\0', '\u00ff'], 0, 12],
        Choice("", "mpath\"a", "back\\slash", "tab\there", "é€", "%n%%", "new\nline"));

    private static Gen<T> Choice<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<PathSnapshot> GenPath =
        from dev in GenText
        from hctl in Gen.OneOf(Gen.Select(Gen.Int[0, 20], Gen.Int[0, 3], Gen.Long[0, long.MaxValue]).Select((h, c, l) => $"{h}:{c}:0:{l}"), GenText)
        from protocol in Choice("scsi:fcp", "scsi:iscsi", "nvme", "")
        from size in Gen.Long[0, long.MaxValue]
        from tpg in Gen.Int[-1, 0xffff]
        from state in Gen.Enum<CheckerState>()
        from dm in Gen.Enum<DmPathState>()
        from init in Gen.Enum<PathInitState>()
        from priority in Gen.Int
        from next in Gen.Int[-5, 400]
        from interval in Gen.Int[-5, 300]
        from wwn in Gen.Null(GenText)
        from mapped in Gen.Bool
        select new PathSnapshot(new PathInfo(dev, "8:0", hctl, "V", "P", "R", "wwid", Protocol: protocol, SizeSectors: size,
            Alua: tpg < 0 ? null : new AluaInfo(tpg, AluaAccessState.Standby, false)))
        {
            MapName = mapped ? "m" : null,
            State = state,
            DmState = dm,
            InitState = init,
            Priority = priority,
            NextCheckIn = next,
            CheckInterval = interval,
            HostWwnn = wwn,
            VpdData = wwn,
            DeviceState = dev,
        };

    private static readonly Gen<Failback?> GenFailback = Gen.OneOf(
        Choice<Failback?>(null, Failback.Immediate, Failback.Manual, Failback.Followover),
        Gen.Int[1, 600].Select(s => (Failback?)Failback.Deferred(s)));

    private static readonly Gen<NoPathRetry?> GenRetry = Gen.OneOf(
        Choice<NoPathRetry?>(null, NoPathRetry.Fail, NoPathRetry.Queue),
        Gen.Int[1, 100].Select(n => (NoPathRetry?)NoPathRetry.Times(n)));

    private static readonly Gen<MapSnapshot> GenMap =
        from name in GenText
        from wwid in GenText
        from groups in Gen.Select(GenText, Gen.Int, Gen.Enum<PathGroupState>(), GenPath.Array[0, 3], Gen.Bool)
            .Select((sel, pri, st, paths, marginal) => new GroupSnapshot(1, sel, pri, st, paths.Select(p => p with { MapName = "m" }).ToArray(), marginal))
            .Array[0, 3]
        from sysfs in Gen.Null(GenText)
        from size in Gen.Long[0, long.MaxValue]
        from failback in GenFailback
        from failbackTicks in Gen.Int[0, 600]
        from retry in GenRetry
        from retryTicks in Gen.Int[0, 600]
        from action in Gen.Enum<MapAction>()
        from features in GenText
        from stats in Gen.UInt
        select new MapSnapshot(name, wwid, groups)
        {
            SysfsName = sysfs,
            SizeSectors = size,
            Failback = failback,
            FailbackTicksLeft = failbackTicks,
            NoPathRetry = retry,
            RetryTicksLeft = retryTicks,
            Action = action,
            Features = features,
            HardwareHandler = features,
            PathFaults = stats,
            MapFailures = stats,
        };

    private static readonly Gen<DaemonSnapshot> GenSnapshot =
        from maps in GenMap.Array[0, 4]
        from orphans in GenPath.Array[0, 3]
        from busy in Gen.Bool
        select new DaemonSnapshot(maps, orphans.Select(p => p with { MapName = null }).ToArray(), LabSnapshots.TakenAt) { UeventsBusy = busy };

    [Fact]
    public void Every_show_command_renders_any_snapshot()
    {
        Gen.Select(GenSnapshot, GenText, GenText).Sample((snapshot, key, format) =>
        {
            foreach (var shape in ShowCommandRenderer.Shapes)
            {
                var parameters = new Dictionary<string, string> { ["map"] = key, ["path"] = key, ["format"] = format };
                Assert.True(ShowCommandRenderer.TryRender(new ControlCommand(shape, parameters), snapshot, out var reply));
                Assert.NotEmpty(reply);
                Assert.EndsWith("\n", reply, StringComparison.Ordinal);
            }
        }, iter: 300);
    }

    [Fact]
    public void Maps_json_always_parses_with_multipathds_keys_in_order()
    {
        string[] mapKeys = ["name", "uuid", "sysfs", "failback", "queueing", "paths", "write_prot", "dm_st", "features", "hwhandler",
            "action", "path_faults", "vend", "prod", "rev", "switch_grp", "map_loads", "total_q_time", "q_timeouts", "path_groups"];
        string[] groupKeys = ["selector", "pri", "dm_st", "marginal_st", "group", "paths"];
        string[] pathKeys = ["dev", "dev_t", "dm_st", "dev_st", "chk_st", "checker", "pri", "host_wwnn", "target_wwnn", "host_wwpn",
            "target_wwpn", "host_adapter", "lun_hex", "marginal_st"];
        GenSnapshot.Sample(snapshot =>
        {
            using var document = JsonDocument.Parse(MapsJsonPrinter.Maps(snapshot.Maps));
            var root = document.RootElement;
            Assert.Equal(["major_version", "minor_version", "maps"], root.EnumerateObject().Select(p => p.Name));
            var maps = root.GetProperty("maps").EnumerateArray().ToList();
            Assert.Equal(snapshot.Maps.Count, maps.Count);
            for (var m = 0; m < maps.Count; m++)
            {
                Assert.Equal(mapKeys, maps[m].EnumerateObject().Select(p => p.Name));
                Assert.Equal(snapshot.Maps[m].Name.Length > 0 ? snapshot.Maps[m].Name : snapshot.Maps[m].Wwid, maps[m].GetProperty("name").GetString());
                Assert.Equal(snapshot.Maps[m].ActivePathCount, maps[m].GetProperty("paths").GetInt32());
                var groups = maps[m].GetProperty("path_groups").EnumerateArray().ToList();
                Assert.Equal(snapshot.Maps[m].Groups.Count, groups.Count);
                for (var g = 0; g < groups.Count; g++)
                {
                    Assert.Equal(groupKeys, groups[g].EnumerateObject().Select(p => p.Name));
                    Assert.Equal(g + 1, groups[g].GetProperty("group").GetInt32());
                    Assert.Equal(snapshot.Maps[m].Groups[g].Priority, groups[g].GetProperty("pri").GetInt32());
                    var paths = groups[g].GetProperty("paths").EnumerateArray().ToList();
                    Assert.Equal(snapshot.Maps[m].Groups[g].Paths.Count, paths.Count);
                    for (var p = 0; p < paths.Count; p++)
                    {
                        Assert.Equal(pathKeys, paths[p].EnumerateObject().Select(x => x.Name));
                        var dev = snapshot.Maps[m].Groups[g].Paths[p].Info.Dev;
                        Assert.Equal(dev.Length == 0 ? "-" : dev, paths[p].GetProperty("dev").GetString());
                    }
                }
            }
            foreach (var map in snapshot.Maps)
            {
                using var single = JsonDocument.Parse(MapsJsonPrinter.Map(map));
                Assert.Equal(mapKeys, single.RootElement.GetProperty("map").EnumerateObject().Select(p => p.Name));
            }
        }, iter: 300);
    }

    [Fact]
    public void Padded_lines_are_the_raw_lines_with_blanks_added()
    {
        Gen.Select(GenSnapshot, Gen.String[Gen.Char["%dDtTopSsiCzmNnRraGg0PILAkwcM |"], 0, 20]).Sample((snapshot, format) =>
        {
            var parameters = new Dictionary<string, string> { ["format"] = format };
            ShowCommandRenderer.TryRender(new ControlCommand("show paths raw format $format", parameters), snapshot, out var raw);
            ShowCommandRenderer.TryRender(new ControlCommand("show paths format $format", parameters), snapshot, out var padded);
            if (raw == "ok\n") return;
            var rawLines = raw.Split('\n');
            var paddedLines = padded.Split('\n').Skip(1).ToArray();
            Assert.Equal(rawLines.Length, paddedLines.Length);
            for (var i = 0; i < rawLines.Length; i++)
            {
                Assert.Equal(rawLines[i].Replace(" ", "", StringComparison.Ordinal), paddedLines[i].Replace(" ", "", StringComparison.Ordinal));
            }
        }, iter: 200);
    }
}
