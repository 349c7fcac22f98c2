using Mpath.Core.Model;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Checkers;

/// <summary>
/// hp_sw checker (HP/Compaq active/standby arrays: MSA1000, HSG80, EVA 3000/5000 before ALUA): an INQUIRY of the
/// unit serial number page (0x80) proves the controller behind the path answers - failing that, the path is down.
/// Then TEST UNIT READY: GOOD is the active controller (up); any failure is the standby controller, which
/// answers NOT READY until the hp_sw handler starts it (ghost), as multipathd decides. Unlike multipathd, a unit
/// attention is asked again once (it only reports an event) and an SG_IO timeout is a timeout.
/// </summary>
public sealed class HpSwChecker(IScsiTransport transport) : IPathChecker
{
    private const string Prefix = "hp_sw checker";

    /// <summary>The serial number page is read with this allocation length.</summary>
    private const ushort SerialPageLength = 255;

    public string Name => "hp_sw";

    public CheckerResult Check(string devicePath, TimeSpan timeout)
    {
        var inquiry = CheckerInquiry.VpdPage(transport, devicePath, VpdPages.UnitSerialNumber, SerialPageLength, timeout);
        if (inquiry.Unanswered(Name, timeout, why => $"{Prefix} reports path is down: {why}") is { } unanswered)
        {
            return unanswered;
        }

        var tur = new ScsiCommand(ScsiCdb.TestUnitReady(), ScsiDataDirection.None, 0, timeout);
        ScsiResult result;
        try
        {
            result = transport.Execute(devicePath, tur);
            if (result.SenseData is { Key: SenseKey.UnitAttention })
            {
                result = transport.Execute(devicePath, tur);
            }
        }
        catch (ScsiTransportException ex)
        {
            return new CheckerResult(CheckerState.Down, $"{Prefix} reports path is down: {ex.Message}");
        }
        if (result.Ok)
        {
            return new CheckerResult(CheckerState.Up, $"{Prefix} reports path is up");
        }
        return CheckerInquiry.IsTimeout(result)
            ? new CheckerResult(CheckerState.Timeout, $"{Prefix} timed out after {timeout.TotalSeconds:0.#}s")
            : new CheckerResult(CheckerState.Ghost, $"{Prefix} reports path is ghost ({result.Describe()})");
    }
}
