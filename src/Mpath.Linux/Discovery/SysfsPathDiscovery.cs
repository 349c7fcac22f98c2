using System.Text.RegularExpressions;
using Mpath.Core.Model;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Discovery;

/// <summary>
/// Path discovery from sysfs and the udev database: SCSI disks (/sys/block/sd*) become
/// <see cref="PathInfo"/> records; NVMe namespaces are reported as paths, or skipped when the
/// kernel's native NVMe multipathing owns them. SG_IO (through the injected transport) is only a
/// fallback for what sysfs and udev do not say.
/// </summary>
public sealed partial class SysfsPathDiscovery(HostFileSystem host, IScsiTransport? transport, DiscoveryOptions options) : IPathDiscovery
{
    private readonly UdevDatabase _udev = new(host);

    public SysfsPathDiscovery() : this(HostFileSystem.Live, new SgIoTransport(), new DiscoveryOptions())
    {
    }

    public DiscoveryResult Discover()
    {
        var paths = new List<DiscoveredPath>();
        var skipped = new List<SkippedDevice>();
        var blockDir = host.Sys("block");
        if (!Directory.Exists(blockDir))
        {
            return new DiscoveryResult(paths, skipped);
        }
        var names = Directory.EnumerateFileSystemEntries(blockDir).Select(Path.GetFileName).OfType<string>().ToList();
        names.Sort(DeviceNameOrder);
        foreach (var name in names)
        {
            if (ScsiDiskName().IsMatch(name))
            {
                paths.Add(ProbeScsi(name));
            }
            else if (NvmeNamespaceName().IsMatch(name))
            {
                if (NativeNvmeMultipath())
                {
                    skipped.Add(new SkippedDevice(name, "NVMe namespace left to native NVMe multipath (nvme_core multipath=Y)"));
                }
                else
                {
                    paths.Add(ProbeNvme(name));
                }
            }
        }
        return new DiscoveryResult(paths, skipped);
    }

    public DiscoveredPath? Probe(string dev)
    {
        if (!Directory.Exists(host.Sys("block/" + dev))) return null;
        if (ScsiDiskName().IsMatch(dev)) return ProbeScsi(dev);
        if (NvmeNamespaceName().IsMatch(dev) && !NativeNvmeMultipath()) return ProbeNvme(dev);
        return null;
    }

    /// <summary>
    /// For a SCSI disk that is still the same device (same dev_t): the device state and the ALUA state read again (the
    /// identification page from sysfs, REPORT TARGET PORT GROUPS from the device), everything else as known. A full
    /// probe reads a dozen attributes and the udev database; a priority refresh needs two of those facts.
    /// </summary>
    public DiscoveredPath? Refresh(DiscoveredPath known)
    {
        var dev = known.Path.Dev;
        if (!ScsiDiskName().IsMatch(dev)) return Probe(dev);
        var block = host.Sys("block/" + dev);
        var devT = HostFileSystem.ReadAttribute(Path.Combine(block, "dev"));
        if (devT is null) return null;
        if (devT != known.Path.DevT) return Probe(dev);
        var device = Path.Combine(block, "device");
        var warnings = new List<string>();
        var (designators, scsi) = Identification(device, dev);
        var alua = Alua(device, designators, scsi, warnings);
        var state = (HostFileSystem.ReadAttribute(Path.Combine(device, "state")) ?? "").Trim();
        return known with { Path = known.Path with { Alua = alua }, DeviceState = state, Warnings = warnings };
    }

    /// <summary>Probes one SCSI disk by its kernel name (sda).</summary>
    public DiscoveredPath ProbeScsi(string dev)
    {
        var warnings = new List<string>();
        var block = host.Sys("block/" + dev);
        var device = Path.Combine(block, "device");
        var devT = HostFileSystem.ReadAttribute(Path.Combine(block, "dev")) ?? "";
        var devicePath = HostFileSystem.Resolve(device);
        var hbtl = Path.GetFileName(devicePath);
        if (!HbtlForm().IsMatch(hbtl))
        {
            warnings.Add($"cannot tell H:B:T:L from {devicePath}");
            hbtl = "";
        }
        string Attr(string name) => (HostFileSystem.ReadAttribute(Path.Combine(device, name)) ?? "").Trim();

        var (designators, scsi) = Identification(device, dev);

        var (wwid, source) = Wwid(devT, designators, scsi, warnings);
        var serial = Serial(device, scsi, devT, warnings);
        var (protocol, nodeName) = Transport(devicePath, hbtl);
        var alua = Alua(device, designators, scsi, warnings);
        var info = new PathInfo(
            dev, devT, hbtl, Attr("vendor"), Attr("model"), Attr("rev"), wwid, serial, nodeName, protocol,
            long.TryParse(HostFileSystem.ReadAttribute(Path.Combine(block, "size")), out var size) ? size : 0,
            alua);
        var handler = Attr("dh_state");
        return new DiscoveredPath(info, Attr("state"), source)
        {
            Warnings = warnings,
            DeviceHandler = handler is "" or "detached" ? null : handler,
        };
    }

    /// <summary>The identification page (VPD 0x83) as sysfs caches it, and the device to ask when sysfs cannot tell.</summary>
    private (IReadOnlyList<Designator>? Designators, ScsiDevice? Scsi) Identification(string device, string dev)
    {
        var vpd83 = HostFileSystem.ReadBinary(Path.Combine(device, "vpd_pg83"));
        return (vpd83 is null ? null : VpdPages.ParseDeviceIdentification(vpd83),
            transport is not null && options.UseSgIo ? new ScsiDevice(transport, host.DevNode(dev), options.ScsiTimeout) : null);
    }

    private (string Wwid, WwidSource Source) Wwid(string devT, IReadOnlyList<Designator>? designators, ScsiDevice? scsi, List<string> warnings)
    {
        var fromUdev = devT.Length > 0 ? _udev.Property(devT, options.UidAttribute) : null;
        if (!string.IsNullOrEmpty(fromUdev))
        {
            return (fromUdev, WwidSource.Udev);
        }
        if (designators is not null && VpdPages.WwidFromDeviceIdentification(designators) is { Length: > 0 } fromSysfs)
        {
            return (fromSysfs, WwidSource.SysfsVpd);
        }
        if (scsi is not null)
        {
            try
            {
                if (VpdPages.WwidFromDeviceIdentification(scsi.DeviceIdentification()) is { Length: > 0 } fromDevice)
                {
                    return (fromDevice, WwidSource.SgIo);
                }
            }
            catch (ScsiTransportException ex)
            {
                warnings.Add($"VPD 0x83 via SG_IO: {ex.Message}");
            }
        }
        warnings.Add($"no WWID: udev has no {options.UidAttribute} and VPD page 0x83 names no logical unit");
        return ("", WwidSource.None);
    }

    private string Serial(string device, ScsiDevice? scsi, string devT, List<string> warnings)
    {
        if (HostFileSystem.ReadBinary(Path.Combine(device, "vpd_pg80")) is { } page)
        {
            return VpdPages.ParseUnitSerial(page);
        }
        if (devT.Length > 0 && _udev.Property(devT, "ID_SCSI_SERIAL") is { Length: > 0 } udevSerial)
        {
            return udevSerial;
        }
        if (scsi is null)
        {
            return "";
        }
        try
        {
            return scsi.UnitSerial();
        }
        catch (ScsiTransportException ex)
        {
            warnings.Add($"VPD 0x80 via SG_IO: {ex.Message}");
            return "";
        }
    }

    private AluaInfo? Alua(string device, IReadOnlyList<Designator>? designators, ScsiDevice? scsi, List<string> warnings)
    {
        var (group, port) = designators is null ? (null, null) : VpdPages.PortIdentity(designators);
        var accessState = HostFileSystem.ReadAttribute(Path.Combine(device, "access_state"));
        AluaInfo? fromSysfs = null;
        if (accessState is not null && ParseAccessState(accessState) is { } state)
        {
            var preferred = HostFileSystem.ReadAttribute(Path.Combine(device, "preferred_path"))?.Trim() == "1";
            fromSysfs = new AluaInfo(group ?? -1, state, preferred);
        }
        // Preferring RTPG means asking the device when we can; sysfs stays the answer when we cannot.
        if (fromSysfs is not null && (!options.PreferRtpg || scsi is null))
        {
            return fromSysfs;
        }
        if (scsi is null || (designators is not null && group is null && port is null))
        {
            return fromSysfs; // not ALUA per VPD 0x83, or no way to ask
        }
        try
        {
            return scsi.Alua(group, port);
        }
        catch (Exception ex) when (ex is ScsiTransportException or ScsiCommandException)
        {
            warnings.Add($"RTPG: {ex.Message}");
            return fromSysfs;
        }
    }

    /// <summary>Maps the kernel's access_state text (scsi_dh_alua) to the ALUA state.</summary>
    public static AluaAccessState? ParseAccessState(string text) => text.Trim() switch
    {
        "active/optimized" => AluaAccessState.ActiveOptimized,
        "active/non-optimized" => AluaAccessState.ActiveNonOptimized,
        "standby" => AluaAccessState.Standby,
        "unavailable" => AluaAccessState.Unavailable,
        "lba-dependent" => AluaAccessState.LbaDependent,
        "offline" => AluaAccessState.Offline,
        "transitioning" => AluaAccessState.Transitioning,
        _ => null,
    };

    /// <summary>The names multipath-tools prints for the transport (%P) and the target node name (FC WWNN, iSCSI IQN).</summary>
    private (string Protocol, string NodeName) Transport(string devicePath, string hbtl)
    {
        var parts = hbtl.Split(':');
        if (devicePath.Contains("/rport-", StringComparison.Ordinal))
        {
            var node = parts.Length == 4
                ? HostFileSystem.ReadAttribute(host.Sys($"class/fc_transport/target{parts[0]}:{parts[1]}:{parts[2]}/node_name")) ?? ""
                : "";
            return ("scsi:fcp", node.Trim());
        }
        if (IscsiSession().Match(devicePath) is { Success: true } session)
        {
            var node = HostFileSystem.ReadAttribute(host.Sys($"class/iscsi_session/{session.Groups[1].Value}/targetname")) ?? "";
            return ("scsi:iscsi", node.Trim());
        }
        if (devicePath.Contains("/end_device-", StringComparison.Ordinal))
        {
            return ("scsi:sas", "");
        }
        if (parts.Length == 4 && HostFileSystem.ReadAttribute(host.Sys($"class/scsi_host/host{parts[0]}/proc_name"))?.Trim() == "ib_srp")
        {
            return ("scsi:srp", "");
        }
        return ("scsi:unspec", "");
    }

    private bool NativeNvmeMultipath() =>
        HostFileSystem.ReadAttribute(host.Sys("module/nvme_core/parameters/multipath"))?.Trim() is "Y" or "1";

    private DiscoveredPath ProbeNvme(string dev)
    {
        var block = host.Sys("block/" + dev);
        var controller = Path.Combine(block, "device");
        string Attr(string dir, string name) => (HostFileSystem.ReadAttribute(Path.Combine(dir, name)) ?? "").Trim();
        var devT = Attr(block, "dev");
        var wwid = Attr(block, "wwid");
        var match = NvmeNamespaceName().Match(dev);
        var transportName = Attr(controller, "transport");
        var info = new PathInfo(
            dev, devT, $"{match.Groups[1].Value}:0:{Attr(block, "nsid")}:0", "NVME", Attr(controller, "model"),
            Attr(controller, "firmware_rev"), wwid, Attr(controller, "serial"), Attr(controller, "subsysnqn"),
            transportName.Length > 0 ? "nvme:" + transportName : "nvme:unspec",
            long.TryParse(Attr(block, "size"), out var size) ? size : 0);
        return new DiscoveredPath(info, Attr(controller, "state"), wwid.Length > 0 ? WwidSource.NvmeWwid : WwidSource.None);
    }

    /// <summary>sda, sdb, ..., sdz, sdaa: shorter names first, like the kernel assigns them.</summary>
    private static int DeviceNameOrder(string? a, string? b)
    {
        var byLength = (a?.Length ?? 0).CompareTo(b?.Length ?? 0);
        return byLength != 0 ? byLength : string.CompareOrdinal(a, b);
    }

    [GeneratedRegex("^sd[a-z]+$")]
    private static partial Regex ScsiDiskName();

    [GeneratedRegex("^nvme([0-9]+)n([0-9]+)$")]
    private static partial Regex NvmeNamespaceName();

    [GeneratedRegex("^[0-9]+:[0-9]+:[0-9]+:[0-9]+$")]
    private static partial Regex HbtlForm();

    [GeneratedRegex("/(session[0-9]+)/")]
    private static partial Regex IscsiSession();
}
