using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Tests.Checkers;

public class EmcClariionCheckerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>A healthy page 0xC0: revision 0, multipath initiator, PNR failover, arraycommpath, normal operations.</summary>
    private static byte[] Page(byte lunState = 2, byte wwnFill = 0x60, byte initiator = 3, byte failover = 4, byte commPath = 0x04,
        byte operations = 0, byte revision = 0, byte code = 0xc0)
    {
        var page = new byte[ClariionUnitPage.Length];
        page[1] = code;
        page[3] = ClariionUnitPage.Length - 4;
        page[4] = lunState;
        page[9] = revision;
        for (var i = 10; i < 26; i++)
        {
            page[i] = (byte)(wwnFill + i);
        }
        page[27] = initiator;
        page[28] = failover;
        page[30] = commPath;
        page[48] = operations;
        return page;
    }

    /// <summary>Answers INQUIRY with <paramref name="page"/> and READ(10) with <paramref name="read"/> (GOOD by default).</summary>
    private static ScriptedTransport Array(Func<byte[]> page, Func<ScsiResult>? read = null) =>
        new(c => c.Cdb[0] == ScsiCdb.InquiryOpcode ? ScriptedTransport.Data(page()) : (read ?? (() => ScriptedTransport.Good))());

    private static CheckerResult Check(byte[] page) => new EmcClariionChecker(Array(() => page)).Check("/dev/sdx", Timeout);

    [Fact]
    public void Asks_for_vpd_page_c0_and_reads_block_zero_on_the_owning_sp()
    {
        var transport = Array(() => Page());
        var result = new EmcClariionChecker(transport).Check("/dev/sdx", Timeout);
        Assert.Equal(new CheckerResult(CheckerState.Up, "emc_clariion checker: Active path is healthy"), result);
        Assert.Equal(ScsiCdb.Inquiry(0xc0, ClariionUnitPage.Length), transport.Commands[0].Cdb);
        Assert.Equal(ScsiCdb.Read10(0, 1), transport.Commands[1].Cdb);
        Assert.All(transport.Commands, c => Assert.Equal(Timeout, c.Timeout));
    }

    [Fact]
    public void Passive_path_is_up_not_ghost_and_sends_no_read()
    {
        var transport = Array(() => Page(lunState: 1));
        Assert.Equal(new CheckerResult(CheckerState.Up, "emc_clariion checker: Passive path is healthy"), new EmcClariionChecker(transport).Check("/dev/sdx", Timeout));
        Assert.Single(transport.Commands);
    }

    [Theory]
    [InlineData(0xc1, 0, "Path unit report page in unknown format")]
    [InlineData(0xc0, 1, "Path unit report page in unknown format")]
    public void Wrong_page_or_revision_is_down(byte code, byte revision, string message)
    {
        var result = Check(Page(code: code, revision: revision));
        Assert.Equal(new CheckerResult(CheckerState.Down, "emc_clariion checker: " + message), result);
    }

    [Fact]
    public void Truncated_page_is_down() =>
        Assert.Equal(CheckerState.Down, Check(Page()[..40]).State);

    [Theory]
    [InlineData(2, 4, 0x04)] // initiator type not 3
    [InlineData(3, 1, 0x04)] // failover mode 1
    [InlineData(3, 4, 0x00)] // arraycommpath off
    public void Host_not_registered_for_failover_is_down(byte initiator, byte failover, byte commPath)
    {
        var result = Check(Page(initiator: initiator, failover: failover, commPath: commPath));
        Assert.Equal(CheckerState.Down, result.State);
        Assert.StartsWith("emc_clariion checker: Path not correctly configured for failover", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Alua_failover_mode_6_is_accepted() =>
        Assert.Equal(CheckerState.Up, Check(Page(failover: 6)).State);

    [Fact]
    public void Abnormal_lun_operations_are_shaky()
    {
        var result = Check(Page(operations: 0x01));
        Assert.Equal(CheckerState.Shaky, result.State);
        Assert.StartsWith("emc_clariion checker: Path not available for normal operations", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unbound_lun_or_lunz_is_down() =>
        Assert.Equal(new CheckerResult(CheckerState.Down, "emc_clariion checker: Logical Unit is unbound or LUNZ"), Check(Page(lunState: 0)));

    [Fact]
    public void A_path_whose_lun_wwn_changes_is_down_until_forgotten()
    {
        var fill = (byte)0x60;
        var checker = new EmcClariionChecker(Array(() => Page(wwnFill: fill)));
        Assert.Equal(CheckerState.Up, checker.Check("/dev/sdx", Timeout).State);
        fill = 0x10;
        var changed = checker.Check("/dev/sdx", Timeout);
        Assert.Equal(CheckerState.Down, changed.State);
        Assert.StartsWith("emc_clariion checker: Logical Unit WWN has changed", changed.Message, StringComparison.Ordinal);
        // Another node is another path with its own memory; forgetting the node starts afresh.
        Assert.Equal(CheckerState.Up, checker.Check("/dev/sdy", Timeout).State);
        checker.Forget("/dev/sdx");
        Assert.Equal(CheckerState.Up, checker.Check("/dev/sdx", Timeout).State);
    }

    [Fact]
    public void Inactive_snapshot_fails_the_active_path_then_the_passive_paths_of_the_same_lu_until_it_reads_again()
    {
        // sda goes to the owning SP, sdb to the peer; both lead to the same LU (same WWN).
        var read = ScriptedTransport.CheckCondition(0x5, 0x25, 0x01);
        var checker = new EmcClariionChecker(new ScriptedTransport((device, c) =>
            c.Cdb[0] == ScsiCdb.InquiryOpcode ? ScriptedTransport.Data(Page(lunState: device == "/dev/sda" ? (byte)2 : (byte)1)) : read));

        var active = checker.Check("/dev/sda", Timeout);
        Assert.Equal(CheckerState.Down, active.State);
        Assert.StartsWith("emc_clariion checker: Active path to inactive snapshot WWN ", active.Message, StringComparison.Ordinal);
        var passive = checker.Check("/dev/sdb", Timeout);
        Assert.Equal(CheckerState.Down, passive.State);
        Assert.StartsWith("emc_clariion checker: Passive path to inactive snapshot WWN ", passive.Message, StringComparison.Ordinal);

        read = ScriptedTransport.Good;
        Assert.Equal(CheckerState.Up, checker.Check("/dev/sda", Timeout).State);
        Assert.Equal(new CheckerResult(CheckerState.Up, "emc_clariion checker: Passive path is healthy"), checker.Check("/dev/sdb", Timeout));
    }

    [Fact]
    public void Other_read_errors_on_the_active_path_are_down_with_the_sense()
    {
        var result = new EmcClariionChecker(Array(() => Page(), () => ScriptedTransport.CheckCondition(0x3, 0x11, 0x00))).Check("/dev/sdx", Timeout);
        Assert.Equal(CheckerState.Down, result.State);
        Assert.StartsWith("emc_clariion checker: Read error for WWN ", result.Message, StringComparison.Ordinal);
        Assert.Contains("medium error", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_timeout_is_timeout() =>
        Assert.Equal(CheckerState.Timeout, new EmcClariionChecker(Array(() => Page(), () => new ScsiResult(0, 0x03, 0, [], []))).Check("/dev/sdx", Timeout).State);
}
