using CsCheck;
using Mpath.Core.Model;
using Mpath.Linux.DeviceMapper;

namespace Mpath.Linux.Tests.DeviceMapper;

public class MultipathTextTests
{
    private const string LabTable = "1 queue_if_no_path 1 alua 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1";
    private const string LabStatus = "2 0 1 0 2 1 A 0 1 2 8:0 A 0 0 1 E 0 1 2 8:16 F 3 0 1";

    [Fact]
    public void Table_is_parsed_into_features_handler_and_groups()
    {
        var table = MultipathTable.Parse(LabTable);
        Assert.Equal(["queue_if_no_path"], table.Features);
        Assert.Equal("1 queue_if_no_path", table.FeaturesText);
        Assert.Equal("1 alua", table.HardwareHandlerText);
        Assert.Equal(1, table.InitialGroup);
        Assert.Equal(2, table.Groups.Count);
        Assert.Equal("service-time 0", table.Groups[0].Policy);
        Assert.Equal("round-robin 1 100", MultipathTable.Parse("0 0 1 1 round-robin 1 100 1 1 8:0 1").Groups[0].Policy);
        Assert.Equal("8:16", table.Groups[1].Paths[0].Device);
        Assert.Equal(["1", "1"], table.Groups[1].Paths[0].Arguments);
    }

    [Fact]
    public void Table_without_features_or_handler_prints_zero()
    {
        var table = MultipathTable.Parse("0 0 1 1 round-robin 0 2 1 8:0 1 8:16 1");
        Assert.Equal("0", table.FeaturesText);
        Assert.Equal("0", table.HardwareHandlerText);
        Assert.Equal("round-robin 0", table.Groups[0].Policy);
    }

    [Fact]
    public void Format_round_trips_the_kernel_form()
    {
        Assert.Equal(LabTable, MultipathTable.Parse(LabTable).Format());
        const string twoFeatures = "2 pg_init_retries 50 0 1 1 queue-length 0 3 1 8:0 1 8:16 1 8:32 1";
        Assert.Equal(twoFeatures, MultipathTable.Parse(twoFeatures).Format());
    }

    [Theory]
    [InlineData("0 0 2 1 round-robin 0 1 1 8:0 1")]
    [InlineData("0 0 1 1 round-robin 0 1 1 8:0 1 extra")]
    [InlineData("x 0 1 1")]
    public void Malformed_tables_say_what_is_wrong(string text)
    {
        var ex = Assert.Throws<FormatException>(() => MultipathTable.Parse(text));
        Assert.Contains("multipath table", ex.Message, StringComparison.Ordinal);
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_gives_group_and_path_states_and_fail_counts()
    {
        var status = MultipathStatus.Parse(LabStatus);
        Assert.False(status.QueueingIo);
        Assert.Equal(1, status.NextGroup);
        Assert.Equal([DmGroupState.Active, DmGroupState.Enabled], status.Groups.Select(g => g.State));
        var failed = status.Groups[1].Paths[0];
        Assert.Equal(("8:16", DmPathState.Failed, 3), (failed.Device, failed.State, failed.FailCount));
        Assert.Equal(["0", "1"], failed.SelectorStatus);
        Assert.Equal("enabled", status.Groups[1].StateName);
    }

    [Fact]
    public void Status_after_switch_group_and_with_queueing()
    {
        var status = MultipathStatus.Parse("2 1 0 0 2 2 E 0 1 2 8:0 A 0 0 1 D 0 1 2 8:16 A 1 0 1");
        Assert.True(status.QueueingIo);
        Assert.Equal(2, status.NextGroup);
        Assert.Equal(DmGroupState.Disabled, status.Groups[1].State);
    }

    [Theory]
    [InlineData("2 0 1 0 1 1 X 0 1 2 8:0 A 0 0 1")]
    [InlineData("2 0 1 0 1 1 A 0 1 2 8:0 Q 0 0 1")]
    [InlineData("2 0 1 0 1 1 A 0 1 2 8:0 A 0 0")]
    public void Malformed_status_throws_format_exception(string text) =>
        Assert.Throws<FormatException>(() => MultipathStatus.Parse(text));

    [Fact]
    public void Table_format_parse_round_trip_property()
    {
        var devices = CsCheck.Gen.Select(CsCheck.Gen.Int[1, 300], CsCheck.Gen.Int[0, 255], (major, minor) => $"{major}:{minor}");
        var group = CsCheck.Gen.Select(
            CsCheck.Gen.OneOf(CsCheck.Gen.Const("round-robin"), CsCheck.Gen.Const("service-time"), CsCheck.Gen.Const("queue-length")),
            devices.Array[1, 4]);
        CsCheck.Gen.Select(CsCheck.Gen.Bool, CsCheck.Gen.Bool, group.Array[1, 4]).Sample((queue, alua, groups) =>
        {
            var table = new MultipathTable(
                queue ? ["queue_if_no_path"] : [],
                alua ? ["alua"] : [],
                1,
                groups.Select(g => new MultipathTableGroup(g.Item1, ["0"], g.Item2.Select(d => new MultipathTablePath(d, ["1"])).ToList())).ToList());
            var text = table.Format();
            Assert.Equal(text, MultipathTable.Parse(text).Format());
        });
    }
}
