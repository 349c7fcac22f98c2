using CsCheck;
using Mpath.Core.Model;
using Mpath.Linux.Scsi;
using Mpath.Linux.Tests.Checkers;

namespace Mpath.Linux.Tests.Scsi;

public class TargetPortGroupsTests
{
    // Two groups as LIO reports them: TPG 1 AO (port 1), TPG 2 standby (port 2), status "implicit".
    internal static byte[] LioAnswer => Lio;

    private static readonly byte[] Lio =
    [
        0, 0, 0, 24,
        0x00, 0xdf, 0x00, 0x01, 0, 0x00, 0, 1, 0, 0, 0, 1,
        0x82, 0xdf, 0x00, 0x02, 0, 0x02, 0, 1, 0, 0, 0, 2,
    ];

    [Fact]
    public void Length_only_format_is_parsed()
    {
        var groups = TargetPortGroups.Parse(Lio);
        Assert.Equal(2, groups.Count);
        Assert.Equal([1], groups[0].RelativePorts);
        Assert.Equal(AluaAccessState.Standby, groups[1].State);
        Assert.True(groups[1].Preferred);
        Assert.Equal("altered by implicit asymmetric access state transition", groups[1].StatusText);
    }

    [Fact]
    public void Extended_header_format_skips_eight_bytes()
    {
        byte[] data = [0, 0, 0, 16, 0x10, 5, 0, 0, 0x0e, 0, 0x01, 0x00, 0, 0, 0, 1, 0, 0, 0, 7];
        var groups = TargetPortGroups.Parse(data);
        Assert.Single(groups);
        Assert.Equal(0x100, groups[0].Id);
        Assert.Equal(AluaAccessState.Offline, groups[0].State);
        Assert.Equal([7], groups[0].RelativePorts);
    }

    [Fact]
    public void Truncated_descriptor_is_dropped()
    {
        var data = Lio[..^2];
        Assert.Single(TargetPortGroups.Parse(data));
    }

    [Fact]
    public void Path_state_is_found_by_tpg_id_then_by_relative_port()
    {
        var groups = TargetPortGroups.Parse(Lio);
        Assert.Equal(new AluaInfo(2, AluaAccessState.Standby, true), TargetPortGroups.ForPath(groups, 2, null));
        Assert.Equal(new AluaInfo(1, AluaAccessState.ActiveOptimized, false), TargetPortGroups.ForPath(groups, null, 1));
        Assert.Null(TargetPortGroups.ForPath(groups, 9, 9));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        CsCheck.Gen.Byte[0, 255].Array[0, 64].Sample(bytes =>
        {
            var groups = TargetPortGroups.Parse(bytes);
            Assert.All(groups, g => Assert.InRange(g.Id, 0, 0xffff));
        });
    }
}

public class TargetPortGroupStateNameTests
{
    [Theory]
    [InlineData("ao", AluaAccessState.ActiveOptimized)]
    [InlineData("AN", AluaAccessState.ActiveNonOptimized)]
    [InlineData("standby", AluaAccessState.Standby)]
    [InlineData("un", AluaAccessState.Unavailable)]
    [InlineData("o", AluaAccessState.Offline)]
    public void Short_and_long_names_parse(string text, AluaAccessState state)
    {
        Assert.True(TargetPortGroups.TryParseState(text, out var parsed));
        Assert.Equal(state, parsed);
    }

    [Fact]
    public void Transitioning_cannot_be_requested() => Assert.False(TargetPortGroups.TryParseState("transitioning", out _));

    [Fact]
    public void Every_requestable_state_name_round_trips()
    {
        foreach (var state in new[] { AluaAccessState.ActiveOptimized, AluaAccessState.ActiveNonOptimized, AluaAccessState.Standby, AluaAccessState.Unavailable, AluaAccessState.Offline })
        {
            Assert.True(TargetPortGroups.TryParseState(TargetPortGroups.StateName(state), out var parsed));
            Assert.Equal(state, parsed);
        }
    }

    [Fact]
    public void Rtpg_is_asked_again_after_a_unit_attention_but_not_forever()
    {
        var answers = 0;
        var stateChanged = ScriptedTransport.CheckCondition(0x6, 0x2a, 0x06);
        var once = new ScriptedTransport(_ => answers++ == 0 ? stateChanged : ScriptedTransport.Data(TargetPortGroupsTests.LioAnswer));
        Assert.Equal(2, new ScsiDevice(once, "/dev/sda", TimeSpan.FromSeconds(5)).ReportTargetPortGroups().Count);
        Assert.Equal(2, once.Commands.Count);

        var always = new ScriptedTransport(_ => stateChanged);
        var error = Assert.Throws<ScsiCommandException>(() => new ScsiDevice(always, "/dev/sda", TimeSpan.FromSeconds(5)).ReportTargetPortGroups());
        Assert.Contains("unit attention", error.Message, StringComparison.Ordinal);
        Assert.Equal(1 + ScsiDevice.UnitAttentionRetries, always.Commands.Count);
    }
}
