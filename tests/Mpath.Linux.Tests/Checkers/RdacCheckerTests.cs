using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Tests.Checkers;

public class RdacCheckerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private const byte Owner = 0x01, TpgData = 0x10, IoShip = 0x20, Avt = 0x80;

    /// <summary>Page 0xC9 with the flags byte (8), this controller's state/reason (10/11) and the other's state (12).</summary>
    private static byte[] Page(byte flags, byte current = 0, byte reason = 0, byte alternate = 0, byte pqPdt = 0)
    {
        var page = new byte[RdacVolumeAccessPage.Length];
        page[0] = pqPdt;
        page[1] = 0xc9;
        page[3] = RdacVolumeAccessPage.Length - 4;
        "vace"u8.CopyTo(page.AsSpan(4));
        page[8] = flags;
        page[10] = current;
        page[11] = reason;
        page[12] = alternate;
        return page;
    }

    private static CheckerResult Check(byte[] page) => new RdacChecker(new ScriptedTransport(_ => ScriptedTransport.Data(page))).Check("/dev/sdx", Timeout);

    [Fact]
    public void Asks_for_vpd_page_c9()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Data(Page(Owner)));
        Assert.Equal(new CheckerResult(CheckerState.Up, "rdac checker reports path is up"), new RdacChecker(transport).Check("/dev/sdx", Timeout));
        Assert.Equal(ScsiCdb.Inquiry(0xc9, RdacVolumeAccessPage.Length), transport.Commands.Single().Cdb);
    }

    [Theory]
    [InlineData(Owner, CheckerState.Up)]
    [InlineData(0, CheckerState.Ghost)]
    [InlineData(Avt, CheckerState.Ghost)] // AVT alone does not make the non-owner active
    [InlineData(IoShip, CheckerState.Up)] // I/O shipping: every controller serves the volume
    [InlineData(Owner | TpgData, CheckerState.Up)]
    [InlineData(TpgData, CheckerState.Ghost)]
    public void Owner_or_io_shipping_is_up_the_other_controller_ghost(byte flags, CheckerState state) =>
        Assert.Equal(state, Check(Page(flags)).State);

    [Fact]
    public void Ghost_message() => Assert.Equal("rdac checker reports path is ghost", Check(Page(0)).Message);

    [Theory]
    [InlineData(0x20)] // peripheral qualifier 1: not connected
    [InlineData(0x7f)] // no device type
    [InlineData(0x01)] // not a disk
    public void Lun_not_connected_is_down(byte pqPdt) =>
        Assert.Equal(new CheckerResult(CheckerState.Down, "rdac checker reports path is down: lun not connected"), Check(Page(Owner, pqPdt: pqPdt)));

    [Theory]
    [InlineData(0x02, "non-responsive to queries")]
    [InlineData(0x03, "ctlr held in reset")]
    [InlineData(0x04, "ctlr firmware downloading")]
    [InlineData(0x05, "ctlr firmware downloading")]
    [InlineData(0x06, "ctlr quiesced by admin request")]
    [InlineData(0x07, "ctlr is in service mode")]
    [InlineData(0x09, "ctlr is unavailable")]
    public void Unavailable_controller_is_down_with_its_reason(byte reason, string text) =>
        Assert.Equal(new CheckerResult(CheckerState.Down, "rdac checker reports path is down: " + text), Check(Page(Owner | TpgData, current: 0x3, reason: reason)));

    [Fact]
    public void Unavailable_without_tpg_data_is_not_judged() =>
        Assert.Equal(CheckerState.Up, Check(Page(Owner, current: 0x3, reason: 0x06)).State);

    [Fact]
    public void A_controller_transitioning_alone_is_booting_and_down() =>
        Assert.Equal(new CheckerResult(CheckerState.Down, "rdac checker reports path is down: ctlr is in startup sequence"),
            Check(Page(Owner | TpgData, current: 0xf, alternate: 0x0)));

    [Fact]
    public void Both_controllers_transitioning_is_an_ownership_transfer_not_a_failure()
    {
        Assert.Equal(CheckerState.Up, Check(Page(Owner | TpgData, current: 0xf, alternate: 0xf)).State);
        Assert.Equal(CheckerState.Ghost, Check(Page(TpgData, current: 0xf, alternate: 0xf)).State);
    }

    [Fact]
    public void Inquiry_failure_is_down_rejected_page_is_unsupported_timeout_is_timeout()
    {
        var failed = new RdacChecker(new ScriptedTransport(_ => ScriptedTransport.CheckCondition(0x4, 0x44, 0x00))).Check("/dev/sdx", Timeout);
        Assert.Equal(CheckerState.Down, failed.State);
        Assert.StartsWith("rdac checker reports path is down: inquiry failed", failed.Message, StringComparison.Ordinal);

        var rejected = new RdacChecker(new ScriptedTransport(_ => ScriptedTransport.CheckCondition(0x5, 0x24, 0x00))).Check("/dev/sdx", Timeout);
        Assert.Equal(CheckerState.Unchecked, rejected.State);
        Assert.StartsWith("rdac checker doesn't support this device", rejected.Message, StringComparison.Ordinal);

        Assert.Equal(CheckerState.Timeout, new RdacChecker(new ScriptedTransport(_ => new ScsiResult(0, 0x03, 0, [], []))).Check("/dev/sdx", Timeout).State);
        Assert.Equal(CheckerState.Down, Check([0, 0x83, 0, 0]).State);
    }
}
