using System.Globalization;
using Mpath.Core.Model;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Show;

/// <summary>The path format wildcards of multipathd 0.14 (<c>show paths format</c>).</summary>
public static class PathWildcards
{
    public static WildcardTable<PathSnapshot> Table { get; } = new(
    [
        new('w', "uuid", p => p.Info.Wwid),
        new('i', "hcil", p => ParseHctl(p.Info.Hbtl) is null ? "#:#:#:#" : p.Info.Hbtl),
        new('d', "dev", p => p.Info.Dev.Length == 0 ? "-" : p.Info.Dev),
        new('D', "dev_t", p => p.Info.Dev.Length == 0 ? "#:#" : p.Info.DevT),
        new('t', "dm_st", p => p.DmState switch { DmPathState.Active => "active", DmPathState.Failed => "failed", _ => "undef" }),
        new('o', "dev_st", DeviceStateText),
        new('T', "chk_st", p => p.InMap ? p.State.ToCheckerStatusName() : "undef"),
        new('s', "vend/prod/rev", p => OrHashes(p.Info.Vendor) + "," + OrHashes(p.Info.Product) + "," + OrHashes(p.Info.Revision)),
        new('c', "checker", p => p.CheckerName),
        new('C', "next_check", p => p.InMap ? FieldValueText.Progress(p.NextCheckIn, p.CheckInterval) : "orphan"),
        new('p', "pri", p => FieldValueText.Number(p.Priority)),
        new('S', "size", p => FieldValueText.Size(p.Info.SizeSectors)),
        new('z', "serial", p => p.Info.Serial),
        new('M', "marginal_st", p => p.Marginal ? "marginal" : "normal"),
        new('m', "multipath", p => p.MapName ?? "[orphan]"),
        new('N', "host WWNN", p => FibreChannel(p, p.HostWwnn)),
        new('n', "target WWNN", p => p.Info.TargetNodeName.Length == 0 ? "[undef]" : p.Info.TargetNodeName),
        new('R', "host WWPN", p => FibreChannel(p, p.HostWwpn)),
        new('r', "target WWPN", p => FibreChannel(p, p.TargetWwpn)),
        new('a', "host adapter", p => p.HostAdapter ?? "[undef]"),
        new('G', "foreign", _ => "--"),
        new('g', "vpd page data", p => p.VpdData ?? "[undef]"),
        new('0', "failures", p => FieldValueText.Number(p.FailCount)),
        new('P', "protocol", p => p.Info.Protocol.Length == 0 ? "undef" : p.Info.Protocol),
        new('I', "init_st", p => InitStateText(p.InitState)),
        new('L', "LUN hex", p => LunHex(p.Info.Hbtl)),
        new('A', "TPG", p => p.Info.Alua is { } alua ? "0x" + alua.TargetPortGroup.ToString("x4", CultureInfo.InvariantCulture) : "[undef]"),
        new('k', "max_sectors_kb", p => p.MaxSectorsKb is { } kb ? FieldValueText.Number(kb) : "n/a"),
    ]);

    /// <summary>
    /// The SCSI LUN in the 8-byte wire format (SAM LUN structure, as the kernel's int_to_scsilun builds it), in hex;
    /// all ones when the path has no SCSI address.
    /// </summary>
    public static string LunHex(string hctl)
    {
        var lun = ParseHctl(hctl)?.Lun;
        var wire = ulong.MaxValue;
        if (lun is { } l)
        {
            wire = ((l & 0x000000000000ffffUL) << 48) | ((l & 0x00000000ffff0000UL) << 16)
                 | ((l & 0x0000ffff00000000UL) >> 16) | ((l & 0xffff000000000000UL) >> 48);
        }
        return "0x" + wire.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static (int Host, ulong Lun)? ParseHctl(string hctl)
    {
        var parts = hctl.Split(':');
        if (parts.Length != 4) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var host)) return null;
        if (!ulong.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var lun)) return null;
        return (host, lun);
    }

    /// <summary>
    /// multipathd reduces the sysfs state to two words: offline (the device is offline, also transport-offline) or
    /// running (anything else, blocked included); paths in no map are "unknown".
    /// </summary>
    private static string DeviceStateText(PathSnapshot path) =>
        !path.InMap ? "unknown" : path.DeviceState is "offline" or "transport-offline" ? "offline" : "running";

    private static string OrHashes(string value) => value.Length == 0 ? "##" : value;

    /// <summary>FC attributes mean something only on FC paths ("[undef]" elsewhere); "[unknown]" when unreadable.</summary>
    private static string FibreChannel(PathSnapshot path, string? value) =>
        path.Info.Protocol != "scsi:fcp" ? "[undef]" : value ?? "[unknown]";

    private static string InitStateText(PathInitState state) => state switch
    {
        PathInitState.New => "new",
        PathInitState.Failed => "failed",
        PathInitState.MissingUdev => "udev-missing",
        PathInitState.RequestedUdev => "udev-requested",
        PathInitState.Ok => "ok",
        PathInitState.Removed => "removed",
        PathInitState.Partial => "partial",
        _ => "undef",
    };
}
