using System.Text.Json;
using Mpath.Cli.Commands;
using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Tests.DeviceMapper;
using Mpath.Linux.Tests.Discovery;
using Mpath.Linux.Topology;

namespace Mpath.Cli.Tests.Commands;

public sealed class ListCommandTests : IDisposable
{
    private readonly FakeDeviceMapper _dm = new();
    private readonly FakeHost _host = new();

    public ListCommandTests()
    {
        var a = _host.AddScsiDisk("sda", "8:0", "0:0:1:0");
        _host.Write(a, "access_state", "active/optimized\n");
        var b = _host.AddScsiDisk("sdb", "8:16", "1:0:1:0");
        _host.Write(b, "access_state", "standby\n");
        var dm = _host.Write("sys/devices/virtual/block/dm-0", "ro", "0\n");
        Directory.CreateSymbolicLink(Path.Combine(_host.Root, "sys/dev/block/254:0"), dm);
        _dm.Add("mpatha", "mpath-360014051ab1000000004000800000000", 32768,
            "1 queue_if_no_path 1 alua 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1",
            "2 0 1 0 2 1 A 0 1 2 8:0 A 0 0 1 E 0 1 2 8:16 F 2 0 1");
        _dm.Add("linear", "", 8, "8:0 0", "", type: "linear");
    }

    public void Dispose() => _host.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args) =>
        CommandRunner.Run(ListCommand.Build(check => new MapTopologyReader(_dm, _host.Host, check ? Check : null)), ["list", .. args]);

    private static CheckerResult Check(string devNode) => devNode.EndsWith("sdb", StringComparison.Ordinal)
        ? new CheckerResult(CheckerState.Ghost, "tur checker reports path is in standby state")
        : new CheckerResult(CheckerState.Up, "tur checker reports path is up");

    [Fact]
    public void Text_output_has_the_multipath_ll_layout()
    {
        var r = Run();
        Assert.Equal(0, r.Code);
        Assert.Equal(
            """
            mpatha (360014051ab1000000004000800000000) dm-0 LIO-ORG,RAMDISK-MCP
            size=16M features='1 queue_if_no_path' hwhandler='1 alua' wp=rw
            |-+- policy='service-time 0' prio=50 status=active
            | `- 0:0:1:0 sda 8:0  active ready running
            `-+- policy='service-time 0' prio=1 status=enabled
              `- 1:0:1:0 sdb 8:16 failed ghost running

            """, r.Out);
    }

    [Fact]
    public void No_check_leaves_checker_states_undefined()
    {
        Assert.Contains("`- 0:0:1:0 sda 8:0  active undef running", Run("--no-check").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_describes_groups_and_paths()
    {
        using var doc = JsonDocument.Parse(Run("--json").Out);
        var map = doc.RootElement.GetProperty("maps").EnumerateArray().Single();
        Assert.Equal("360014051ab1000000004000800000000", map.GetProperty("wwid").GetString());
        Assert.Equal("dm-0", map.GetProperty("sysfs").GetString());
        var groups = map.GetProperty("path_groups").EnumerateArray().ToList();
        Assert.Equal(2, groups.Count);
        var sdb = groups[1].GetProperty("paths")[0];
        Assert.Equal(("sdb", "failed", "ghost", 2), (sdb.GetProperty("dev").GetString(), sdb.GetProperty("dm_st").GetString(),
            sdb.GetProperty("chk_st").GetString(), sdb.GetProperty("fail_count").GetInt32()));
    }

    [Fact]
    public void A_named_map_that_does_not_exist_exits_1()
    {
        var r = Run("nosuch");
        Assert.Equal(1, r.Code);
        Assert.Contains("nosuch: list failed", r.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16384, "8.0M")]
    [InlineData(32768, "16M")]
    [InlineData(2, "1.0K")]
    [InlineData(20971520, "10G")]
    [InlineData(2147483648, "1.0T")]
    public void Sizes_print_like_multipath(long sectors, string text) => Assert.Equal(text, TopologyText.Size(sectors));
}
