using Mpath.Cli.Commands;
using Mpath.Linux.Tests.DeviceMapper;

namespace Mpath.Cli.Tests.Commands;

public class FlushCommandTests
{
    private readonly FakeDeviceMapper _dm = new();

    public FlushCommandTests()
    {
        _dm.Add("open", "mpath-a", 8, "0 0 0 0", "", openCount: 1);
        _dm.Add("unused", "mpath-b", 8, "0 0 0 0", "");
        _dm.Add("linear", "", 8, "8:0 0", "", type: "linear");
    }

    private (int Code, string Out, string Err) Run(params string[] args) => CommandRunner.Run(FlushCommand.Build(() => _dm), ["flush", .. args]);

    [Fact]
    public void Removes_an_unused_map()
    {
        var r = Run("unused");
        Assert.Equal((0, "unused: removed\n"), (r.Code, r.Out));
        Assert.False(_dm.Maps.ContainsKey("unused"));
    }

    [Fact]
    public void Refuses_an_open_map_with_exit_1()
    {
        var r = Run("open");
        Assert.Equal((1, "mpath: open: in use (open count 1), not removed\n"), (r.Code, r.Err));
        Assert.True(_dm.Maps.ContainsKey("open"));
    }

    [Fact]
    public void All_removes_unused_multipath_maps_only_and_reports_refusals()
    {
        var r = Run("--all");
        Assert.Equal(1, r.Code);
        Assert.Equal("unused: removed\n", r.Out);
        Assert.Contains("open: in use", r.Err, StringComparison.Ordinal);
        Assert.Equal(["linear", "open"], _dm.Maps.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void All_with_nothing_in_use_exits_0()
    {
        _dm.Maps["open"].OpenCount = 0;
        Assert.Equal(0, Run("--all").Code);
        Assert.Equal(["linear"], _dm.Maps.Keys);
    }

    [Fact]
    public void Non_multipath_and_missing_maps_are_refused()
    {
        Assert.Equal((1, "mpath: linear: not a multipath map, not removed\n"), (Run("linear").Code, Run("linear").Err));
        Assert.Equal((1, "mpath: nope: no such map\n"), (Run("nope").Code, Run("nope").Err));
        Assert.True(_dm.Maps.ContainsKey("linear"));
    }

    [Theory]
    [InlineData]
    [InlineData("unused", "--all")]
    public void Needs_exactly_one_of_map_or_all(params string[] args)
    {
        var r = Run(args);
        Assert.Equal(ExitCodes.Usage, r.Code);
        Assert.Contains("either a MAP or --all", r.Err, StringComparison.Ordinal);
        Assert.True(_dm.Maps.ContainsKey("unused"));
    }
}
