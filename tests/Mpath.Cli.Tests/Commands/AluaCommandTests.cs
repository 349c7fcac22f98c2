using Mpath.Cli.Commands;
using Mpath.Linux.Scsi;
using Mpath.Linux.Tests.Checkers;

namespace Mpath.Cli.Tests.Commands;

public class AluaCommandTests
{
    private static readonly byte[] Page83Tpg2 = [0, 0x83, 0, 8, 0x61, 0x95, 0, 4, 0, 0, 0, 2];
    private static readonly byte[] Rtpg = [0, 0, 0, 24, 0x00, 0xdf, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x02, 0xdf, 0, 2, 0, 1, 0, 1, 0, 0, 0, 2];

    private static ScriptedTransport Device(ScsiResult? stpgAnswer = null) => new(command => command.Cdb[0] switch
    {
        ScsiCdb.InquiryOpcode => ScriptedTransport.Data(Page83Tpg2),
        ScsiCdb.MaintenanceInOpcode => ScriptedTransport.Data(Rtpg),
        ScsiCdb.MaintenanceOutOpcode => stpgAnswer ?? ScriptedTransport.Good,
        _ => throw new InvalidOperationException(),
    });

    [Fact]
    public void Shows_groups_and_marks_the_devices_own_group()
    {
        var r = CommandRunner.Run(AluaCommand.Build(Device()), "alua", "sdb");
        Assert.Equal(0, r.Code);
        Assert.Equal(
            "tpg 1 active/optimized ports 1 (no status)\n" +
            "tpg 2 standby ports 2 (altered by set target port groups) <- sdb\n", r.Out);
    }

    [Fact]
    public void Set_sends_stpg_with_the_requested_states_before_reporting()
    {
        var transport = Device();
        var r = CommandRunner.Run(AluaCommand.Build(transport), "alua", "/dev/sdb", "--set", "1=sb", "--set", "2=ao");
        Assert.Equal(0, r.Code);
        var stpg = transport.Commands.Single(c => c.Cdb[0] == ScsiCdb.MaintenanceOutOpcode);
        Assert.Equal(ScsiDataDirection.ToDevice, stpg.Direction);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x02, 0, 0, 1, 0x00, 0, 0, 2 }, stpg.DataOut);
        Assert.Equal("/dev/sdb", transport.Devices[0]);
    }

    [Fact]
    public void Rejected_stpg_exits_1_with_decoded_sense()
    {
        var r = CommandRunner.Run(AluaCommand.Build(Device(ScriptedTransport.CheckCondition(0x5, 0x26, 0x00))), "alua", "sda", "--set", "1=ao");
        Assert.Equal(1, r.Code);
        Assert.Contains("/dev/sda: SET TARGET PORT GROUPS failed: check condition, sense key illegal request, asc/ascq 26/00 (invalid field in parameter list)", r.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("x=ao")]
    [InlineData("1=maybe")]
    public void Malformed_set_is_a_usage_error(string value) =>
        Assert.Equal(ExitCodes.Usage, CommandRunner.Run(AluaCommand.Build(Device()), "alua", "sda", "--set", value).Code);
}
