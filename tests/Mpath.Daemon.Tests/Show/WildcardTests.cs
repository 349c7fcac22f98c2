using System.Text;
using Mpath.Core.Model;
using Mpath.Daemon.Show;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Tests.Show;

public class WildcardTests
{
    private static readonly PathSnapshot FcPath = new(new PathInfo("sdc", "8:32", "3:0:2:1", "HPE", "MSA 2050 SAN", "V270",
        "3600c0ff000d823e5", Serial: "00c0ff", TargetNodeName: "0x208000c0ff0d823e", Protocol: "scsi:fcp", SizeSectors: 2097152,
        Alua: new AluaInfo(1, AluaAccessState.ActiveOptimized, Preferred: true)))
    {
        MapName = "mpathb",
        GroupNumber = 1,
        Priority = 50,
        State = CheckerState.Ghost,
        DmState = DmPathState.Failed,
        DeviceState = "offline",
        CheckerName = "tur",
        NextCheckIn = 3,
        CheckInterval = 5,
        FailCount = 4,
        Marginal = true,
        HostWwnn = "0x20000024ff7c1a2b",
        HostWwpn = "0x21000024ff7c1a2b",
        TargetWwpn = null,
        HostAdapter = "0000:81:00.0",
        VpdData = "hp3par-vv",
        MaxSectorsKb = 512,
    };

    private static string PathLine(PathSnapshot path, string format)
    {
        var text = new StringBuilder();
        FormatTemplate.AppendLine(text, format, PathWildcards.Table, path);
        return text.ToString();
    }

    private static string MapLine(MapSnapshot map, string format)
    {
        var text = new StringBuilder();
        FormatTemplate.AppendLine(text, format, MapWildcards.Table, map);
        return text.ToString();
    }

    [Theory]
    [InlineData('w', "3600c0ff000d823e5")]
    [InlineData('i', "3:0:2:1")]
    [InlineData('d', "sdc")]
    [InlineData('D', "8:32")]
    [InlineData('t', "failed")]
    [InlineData('o', "offline")]
    [InlineData('T', "ghost")]
    [InlineData('s', "HPE,MSA 2050 SAN,V270")]
    [InlineData('c', "tur")]
    [InlineData('C', "XXXXXX.... 3/5")]
    [InlineData('p', "50")]
    [InlineData('S', "1.0G")]
    [InlineData('z', "00c0ff")]
    [InlineData('M', "marginal")]
    [InlineData('m', "mpathb")]
    [InlineData('N', "0x20000024ff7c1a2b")]
    [InlineData('n', "0x208000c0ff0d823e")]
    [InlineData('R', "0x21000024ff7c1a2b")]
    [InlineData('r', "[unknown]")]
    [InlineData('a', "0000:81:00.0")]
    [InlineData('G', "--")]
    [InlineData('g', "hp3par-vv")]
    [InlineData('0', "4")]
    [InlineData('P', "scsi:fcp")]
    [InlineData('I', "ok")]
    [InlineData('L', "0x0001000000000000")]
    [InlineData('A', "0x0001")]
    [InlineData('k', "512")]
    public void Every_path_wildcard_prints_its_value(char letter, string expected) =>
        Assert.Equal(expected + "\n", PathLine(FcPath, "%" + letter));

    [Fact]
    public void Orphan_and_non_fc_paths_print_multipathds_placeholders()
    {
        var orphan = new PathSnapshot(new PathInfo("", "", "", "", "", "", "")) { CheckerName = "tur" };
        Assert.Equal("#:#:#:# - #:# unknown undef orphan [orphan] -1 undef\n", PathLine(orphan, "%i %d %D %o %T %C %m %p %t"));
        Assert.Equal("##,##,## [undef] [undef] [undef] [undef] [undef] [undef] [undef] n/a 0xffffffffffffffff\n",
            PathLine(orphan, "%s %N %n %R %r %a %g %A %k %L"));
        Assert.Equal("new\n", PathLine(orphan with { InitState = PathInitState.New }, "%I"));
    }

    [Theory]
    [InlineData(0UL, "0x0000000000000000")]
    [InlineData(1UL, "0x0001000000000000")]
    [InlineData(0x4001UL, "0x4001000000000000")]
    [InlineData(0x12345678UL, "0x5678123400000000")]
    public void Lun_hex_is_the_scsi_wire_format(ulong lun, string expected) =>
        Assert.Equal(expected, PathWildcards.LunHex("0:0:0:" + lun));

    private static MapSnapshot SampleMap(Failback? failback = null, NoPathRetry? retry = null, int failbackTicks = 0, int retryTicks = 0,
        CheckerState pathState = CheckerState.Up) =>
        new("mpathb", "3600c0ff000d823e5",
        [
            new GroupSnapshot(1, "round-robin 0", 50, PathGroupState.Active,
                [FcPath with { State = pathState }, FcPath with { State = CheckerState.Down, Info = FcPath.Info with { Dev = "sdd", Vendor = "", Product = "" } }]),
        ])
        {
            SysfsName = "dm-3",
            SizeSectors = 2097152,
            Features = "1 queue_if_no_path",
            HardwareHandler = "1 alua",
            ReadOnly = true,
            Failback = failback,
            FailbackTicksLeft = failbackTicks,
            NoPathRetry = retry,
            RetryTicksLeft = retryTicks,
            Action = MapAction.SwitchGroup,
            PathFaults = 5,
            SwitchGroups = 6,
            MapLoads = 7,
            TotalQueueingTime = 8,
            QueueingTimeouts = 9,
            MapFailures = 10,
        };

    [Theory]
    [InlineData('n', "mpathb")]
    [InlineData('w', "3600c0ff000d823e5")]
    [InlineData('d', "dm-3")]
    [InlineData('F', "undef")]
    [InlineData('Q', "-")]
    [InlineData('N', "1")]
    [InlineData('r', "ro")]
    [InlineData('t', "active")]
    [InlineData('S', "1.0G")]
    [InlineData('f', "1 queue_if_no_path")]
    [InlineData('x', "10")]
    [InlineData('h', "1 alua")]
    [InlineData('A', "switchpg")]
    [InlineData('0', "5")]
    [InlineData('1', "6")]
    [InlineData('2', "7")]
    [InlineData('3', "8")]
    [InlineData('4', "9")]
    [InlineData('s', "HPE,MSA 2050 SAN")]
    [InlineData('v', "HPE")]
    [InlineData('p', "MSA 2050 SAN")]
    [InlineData('e', "V270")]
    [InlineData('G', "--")]
    [InlineData('g', "hp3par-vv")]
    [InlineData('k', "n/a")]
    public void Every_map_wildcard_prints_its_value(char letter, string expected) =>
        Assert.Equal(expected + "\n", MapLine(SampleMap(), "%" + letter));

    [Fact]
    public void A_map_without_device_mapper_info_prints_undef_and_one_without_paths_prints_hashes()
    {
        var map = new MapSnapshot("m", "w", []) { Suspended = true };
        Assert.Equal("undef undef undef ##,## ## ## ## 0\n", MapLine(map, "%d %r %t %s %v %p %e %N"));
        Assert.Equal("suspend\n", MapLine(map with { SysfsName = "dm-1" }, "%t"));
    }

    public static TheoryData<Failback?, int, string> FailbackCases => new()
    {
        { null, 0, "undef" },
        { Failback.Immediate, 0, "immediate" },
        { Failback.Manual, 0, "manual" },
        { Failback.Followover, 0, "followover" },
        { Failback.Deferred(30), 0, "deferred:30" },
        { Failback.Deferred(30), 15, "XXXXX..... 15/30" },
    };

    [Theory]
    [MemberData(nameof(FailbackCases))]
    public void Failback_column(Failback? failback, int ticks, string expected) =>
        Assert.Equal(expected + "\n", MapLine(SampleMap(failback, failbackTicks: ticks), "%F"));

    [Fact]
    public void Queueing_column_follows_no_path_retry_and_its_countdown()
    {
        Assert.Equal("off\n", MapLine(SampleMap(retry: NoPathRetry.Fail), "%Q"));
        Assert.Equal("on\n", MapLine(SampleMap(retry: NoPathRetry.Queue), "%Q"));
        Assert.Equal("12 chk\n", MapLine(SampleMap(retry: NoPathRetry.Times(12)), "%Q"));
        Assert.Equal("40 sec\n", MapLine(SampleMap(retry: NoPathRetry.Times(12), retryTicks: 40), "%Q"));
        Assert.Equal("off\n", MapLine(SampleMap(retry: NoPathRetry.Times(12), pathState: CheckerState.Down), "%Q"));
    }

    [Fact]
    public void Group_wildcards_print_selector_priority_state_and_marginal()
    {
        var text = new StringBuilder();
        FormatTemplate.AppendLine(text, "%s|%p|%t|%M|%x", GroupWildcards.Table,
            new GroupSnapshot(2, "queue-length 0", 10, PathGroupState.Disabled, [], Marginal: true));
        Assert.Equal("queue-length 0|10|disabled|marginal|\n", text.ToString());
    }

    [Fact]
    public void Unknown_wildcards_and_double_percent_print_nothing_and_text_is_kept()
    {
        Assert.Equal("dev=sdc  [] end\n", PathLine(FcPath, "dev=%d %X [%%] end"));
        Assert.Equal("sdc\n", PathLine(FcPath, "%d%"));
    }

    [Theory]
    [InlineData(0L, "0.0K")]
    [InlineData(2L, "1.0K")]
    [InlineData(18L, "9.0K")]
    [InlineData(20L, "10K")]
    [InlineData(2047L, "1023K")]
    [InlineData(2048L, "1.0M")]
    [InlineData(16384L, "8.0M")]
    [InlineData(32768L, "16M")]
    [InlineData(4608L, "2.2M")] // 2.25 exactly: printf rounds half to even
    [InlineData(5632L, "2.8M")] // 2.75 exactly
    [InlineData(21504L, "10M")] // 10.5 exactly
    [InlineData(23552L, "12M")] // 11.5 exactly
    [InlineData(20398L, "10.0M")] // 9.96: the precision is chosen before rounding
    [InlineData(2097152L, "1.0G")]
    [InlineData(4294967296L, "2.0T")]
    [InlineData(2251799813685248L, "1024P")]
    public void Sizes_round_like_multipathd(long sectors, string expected) =>
        Assert.Equal(expected, FieldValueText.Size(sectors));

    [Theory]
    [InlineData(8, 10, "XXXXXXXX.. 8/10")]
    [InlineData(0, 5, ".......... 0/5")]
    [InlineData(5, 5, "XXXXXXXXXX 5/5")]
    [InlineData(0, 0, " 0/0")]
    public void Progress_bars(int current, int total, string expected) =>
        Assert.Equal(expected, FieldValueText.Progress(current, total));

    [Fact]
    public void Show_wildcards_lists_map_then_path_wildcards()
    {
        var text = DaemonStatusPrinter.Wildcards();
        Assert.StartsWith("multipath format wildcards:\n%n  name\n%w  uuid\n%d  sysfs\n", text, StringComparison.Ordinal);
        Assert.Contains("%k  max_sectors_kb\n\npath format wildcards:\n%w  uuid\n%i  hcil\n", text, StringComparison.Ordinal);
        Assert.EndsWith("%L  LUN hex\n%A  TPG\n%k  max_sectors_kb\n", text, StringComparison.Ordinal);
        Assert.Equal(2 + MapWildcards.Table.Wildcards.Count + PathWildcards.Table.Wildcards.Count + 1, text.Split('\n').Length - 1);
        Assert.Equal(25, MapWildcards.Table.Wildcards.Count);
        Assert.Equal(28, PathWildcards.Table.Wildcards.Count);
    }

    [Fact]
    public void Widths_are_measured_only_for_the_columns_the_format_prints()
    {
        var unusedRenders = 0;
        var table = new WildcardTable<string>([
            new('a', "name", item => item),
            new('b', "costly", _ => { unusedRenders++; return "x"; }),
        ]);
        var items = new[] { "sda", "sdaa" };

        var widths = FormatTemplate.FitWidths(table, items, includeHeaders: true, "%a %% %");
        var text = new StringBuilder();
        FormatTemplate.AppendHeader(text, "%a|", table, widths);
        foreach (var item in items) FormatTemplate.AppendLine(text, "%a|", table, item, widths);

        Assert.Equal(0, unusedRenders);
        Assert.Equal("name|\nsda |\nsdaa|\n", text.ToString());
        Assert.Equal(1, FormatTemplate.FitWidths(table, items, includeHeaders: false, "%b")[1]);
        Assert.Equal(2, unusedRenders);
    }
}
