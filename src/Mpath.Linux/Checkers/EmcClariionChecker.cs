using System.Collections.Concurrent;
using Mpath.Core.Model;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Checkers;

/// <summary>
/// emc_clariion checker (EMC CLARiiON / VNX, hardware handler emc): reads the vendor VPD page 0xC0 (unit path
/// report) and judges it the way multipathd does - wrong page format, a host not registered for failover
/// (initiator type 3, failover mode 4 or 6, arraycommpath) or an unbound LUN / LUNZ are down; a LUN whose
/// operations are not normal is shaky; the LUN WWN a path first showed is remembered and a different one later
/// is down (the path now leads to another LUN). On the path to the owning SP the first block is read as well:
/// ILLEGAL REQUEST 25/01 there marks an inactive snapshot LU, whose paths are then all down (the passive ones
/// could not tell on their own); otherwise both active and passive paths are up (never ghost: CLARiiON passive
/// paths still answer).
/// </summary>
public sealed class EmcClariionChecker(IScsiTransport transport) : IPathContextChecker
{
    private const string Prefix = "emc_clariion checker";

    /// <summary>Per path (device node): the LUN WWN it showed first.</summary>
    private readonly ConcurrentDictionary<string, string> _wwnByPath = new(StringComparer.Ordinal);

    /// <summary>
    /// LUN WWNs whose owning-SP path found an inactive snapshot. Keyed by the WWN, so all paths of one LU share it the
    /// way multipathd shares it through the map's checker context.
    /// </summary>
    private readonly ConcurrentDictionary<string, byte> _inactiveSnapshots = new(StringComparer.Ordinal);

    public string Name => "emc_clariion";

    public void Forget(string devicePath) => _wwnByPath.TryRemove(devicePath, out _);

    public CheckerResult Check(string devicePath, TimeSpan timeout)
    {
        var inquiry = CheckerInquiry.VpdPage(transport, devicePath, ClariionUnitPage.PageCode, ClariionUnitPage.Length, timeout);
        if (inquiry.Unanswered(Name, timeout, why => $"{Prefix}: query command indicates error ({why})") is { } unanswered)
        {
            return unanswered;
        }

        var page = ClariionUnitPage.Parse(inquiry.Data);
        if (page is null || page.PageRevision != 0)
        {
            return new CheckerResult(CheckerState.Down, $"{Prefix}: Path unit report page in unknown format");
        }
        if (page.InitiatorType != ClariionUnitPage.MultipathInitiator || !page.FailoverModeSupported || !page.ArrayCommPath)
        {
            return new CheckerResult(CheckerState.Down,
                $"{Prefix}: Path not correctly configured for failover (initiator type {page.InitiatorType}, failover mode {page.FailoverMode}, arraycommpath {(page.ArrayCommPath ? 1 : 0)})");
        }
        if (page.LunOperations != 0)
        {
            return new CheckerResult(CheckerState.Shaky, $"{Prefix}: Path not available for normal operations (LUN operations 0x{page.LunOperations:x2})");
        }
        if (page.LunState == ClariionLunState.Unbound)
        {
            return new CheckerResult(CheckerState.Down, $"{Prefix}: Logical Unit is unbound or LUNZ");
        }

        var wwn = page.LunWwnHex;
        var first = _wwnByPath.GetOrAdd(devicePath, wwn);
        if (first != wwn)
        {
            return new CheckerResult(CheckerState.Down, $"{Prefix}: Logical Unit WWN has changed (was {first}, now {wwn})");
        }

        return page.LunState == ClariionLunState.Owned ? CheckOwnedPath(devicePath, wwn, timeout) : CheckPassivePath(wwn);
    }

    private CheckerResult CheckOwnedPath(string devicePath, string wwn, TimeSpan timeout)
    {
        ScsiResult read;
        try
        {
            read = transport.Execute(devicePath, new ScsiCommand(ScsiCdb.Read10(0, 1), ScsiDataDirection.FromDevice, 4096, timeout));
        }
        catch (ScsiTransportException ex)
        {
            return new CheckerResult(CheckerState.Down, $"{Prefix}: Read error ({ex.Message})");
        }
        if (read.Ok)
        {
            _inactiveSnapshots.TryRemove(wwn, out _);
            return new CheckerResult(CheckerState.Up, $"{Prefix}: Active path is healthy");
        }
        if (CheckerInquiry.IsTimeout(read))
        {
            return new CheckerResult(CheckerState.Timeout, $"{Prefix} timed out after {timeout.TotalSeconds:0.#}s");
        }
        if (read.SenseData is { Key: SenseKey.IllegalRequest, Asc: 0x25, Ascq: 0x01 })
        {
            _inactiveSnapshots[wwn] = 0;
            return new CheckerResult(CheckerState.Down, $"{Prefix}: Active path to inactive snapshot WWN {wwn}");
        }
        return new CheckerResult(CheckerState.Down, $"{Prefix}: Read error for WWN {wwn} ({read.Describe()})");
    }

    private CheckerResult CheckPassivePath(string wwn) =>
        _inactiveSnapshots.ContainsKey(wwn)
            ? new CheckerResult(CheckerState.Down, $"{Prefix}: Passive path to inactive snapshot WWN {wwn}")
            : new CheckerResult(CheckerState.Up, $"{Prefix}: Passive path is healthy");
}
