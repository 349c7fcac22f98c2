using Mpath.Core.Model;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Checkers;

/// <summary>
/// rdac checker (LSI/Engenio RDAC arrays: NetApp E-series, IBM DS3000-5000, Dell MD3, ...): reads the vendor VPD
/// page 0xC9 (volume access control) and judges it the way multipathd does. A LUN not connected on this path is
/// down. When the page carries target port group data, an unavailable controller is down (with the reason: held
/// in reset, firmware download, quiesced by the administrator, service mode, ...), and so is a controller that
/// alone is transitioning (it is booting; both transitioning means an ownership transfer in progress, which is
/// fine). Then the controller owning the volume - or any controller in I/O shipping mode - is up, the other one
/// ghost (usable after a transfer; auto volume transfer, AVT, does not change this). multipathd also sets the TAS
/// bit of the control mode page when the checker starts; mpath leaves the array's mode pages alone.
/// </summary>
public sealed class RdacChecker(IScsiTransport transport) : IPathChecker
{
    private const string Prefix = "rdac checker";

    public string Name => "rdac";

    public CheckerResult Check(string devicePath, TimeSpan timeout)
    {
        var inquiry = CheckerInquiry.VpdPage(transport, devicePath, RdacVolumeAccessPage.PageCode, RdacVolumeAccessPage.Length, timeout);
        if (inquiry.Unanswered(Name, timeout, why => Down($"inquiry failed ({why})").Message) is { } unanswered)
        {
            return unanswered;
        }
        if (RdacVolumeAccessPage.Parse(inquiry.Data) is not { } page)
        {
            return Down("inquiry failed (not a volume access control page)");
        }
        if (!page.LunConnected)
        {
            return Down("lun not connected");
        }
        if (page.TargetPortGroupDataValid)
        {
            if (page.CurrentState == AluaAccessState.Unavailable)
            {
                return Down(UnavailableReason(page.CurrentUnavailableReason));
            }
            if (page.CurrentState == AluaAccessState.Transitioning && page.AlternateState != AluaAccessState.Transitioning)
            {
                return Down("ctlr is in startup sequence");
            }
        }
        return page.OwnedByThisController || page.IoShipping
            ? new CheckerResult(CheckerState.Up, $"{Prefix} reports path is up")
            : new CheckerResult(CheckerState.Ghost, $"{Prefix} reports path is ghost");
    }

    private static CheckerResult Down(string why) => new(CheckerState.Down, $"{Prefix} reports path is down: {why}");

    /// <summary>The vendor-specific byte that comes with an unavailable controller.</summary>
    private static string UnavailableReason(byte code) => code switch
    {
        0x02 => "non-responsive to queries",
        0x03 => "ctlr held in reset",
        0x04 or 0x05 => "ctlr firmware downloading",
        0x06 => "ctlr quiesced by admin request",
        0x07 => "ctlr is in service mode",
        _ => "ctlr is unavailable",
    };
}
