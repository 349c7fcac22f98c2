using Mpath.Core.Model;

namespace Mpath.Linux.Discovery;

/// <summary>Where a path's WWID came from.</summary>
public enum WwidSource
{
    None,
    /// <summary>The udev property named by uid_attribute (ID_SERIAL by default).</summary>
    Udev,
    /// <summary>sysfs device/vpd_pg83.</summary>
    SysfsVpd,
    /// <summary>INQUIRY VPD 0x83 sent through SG_IO.</summary>
    SgIo,
    /// <summary>NVMe namespace wwid attribute.</summary>
    NvmeWwid,
}

/// <summary>A path discovery found, with the facts that are not part of <see cref="PathInfo"/>.</summary>
public sealed record DiscoveredPath(PathInfo Path, string DeviceState, WwidSource WwidSource)
{
    /// <summary>Problems met while probing (unreadable attribute, SG_IO failure); the path is still reported.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The SCSI device handler the kernel attached (sysfs dh_state, e.g. "alua"), or null when none is.</summary>
    public string? DeviceHandler { get; init; }
}

/// <summary>A block device discovery saw but does not offer as a path, and why.</summary>
public sealed record SkippedDevice(string Dev, string Reason);

public sealed record DiscoveryResult(IReadOnlyList<DiscoveredPath> Paths, IReadOnlyList<SkippedDevice> Skipped);

/// <summary>Discovery knobs (the uid_attribute keyword; whether SG_IO may be used as a fallback).</summary>
public sealed record DiscoveryOptions
{
    public string UidAttribute { get; init; } = "ID_SERIAL";

    /// <summary>Send INQUIRY/RTPG through SG_IO when sysfs and udev do not have the answer.</summary>
    public bool UseSgIo { get; init; } = true;

    /// <summary>Ask the device (RTPG) for ALUA states even when sysfs has access_state.</summary>
    public bool PreferRtpg { get; init; }

    /// <summary>checker_timeout-like bound for the SG_IO commands discovery sends.</summary>
    public TimeSpan ScsiTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>Finds the paths (SCSI disks and NVMe namespaces) this host sees.</summary>
public interface IPathDiscovery
{
    DiscoveryResult Discover();

    /// <summary>
    /// Probes one device by its kernel name (a uevent's device): the path, or null when the device is gone or is not
    /// offered as a path. The default rescans everything; real discovery looks at the one device only.
    /// </summary>
    DiscoveredPath? Probe(string dev) => Discover().Paths.FirstOrDefault(p => p.Path.Dev == dev);

    /// <summary>
    /// Reads again what changes on a known path without a uevent (its device state and ALUA state) for a priority
    /// refresh; null when the device is gone. The default probes the device whole.
    /// </summary>
    DiscoveredPath? Refresh(DiscoveredPath known) => Probe(known.Path.Dev);
}
