namespace Mpath.Linux.Uevents;

/// <summary>What happened to the device. Only add, remove and change matter to multipathing; the rest is <see cref="Other"/>.</summary>
public enum UeventAction
{
    Add,
    Remove,
    Change,
    Other,
}

/// <summary>Who sent the event: the kernel itself, or udev after its rules ran (and its database was written).</summary>
public enum UeventOrigin
{
    Kernel,
    Udev,
}

/// <summary>
/// One device event from the NETLINK_KOBJECT_UEVENT socket. <see cref="KernelName"/> is the last component of the
/// device path (sda, nvme0n1, dm-3): the name /sys/block knows the device by, whoever sent the event.
/// </summary>
public sealed record Uevent(UeventAction Action, string DevPath, string Subsystem, UeventOrigin Origin, IReadOnlyDictionary<string, string> Properties)
{
    public string KernelName => DevPath[(DevPath.LastIndexOf('/') + 1)..];

    public string? DevType => Properties.GetValueOrDefault("DEVTYPE");

    /// <summary>"MAJOR:MINOR" when the event names them.</summary>
    public string? DevT => Properties.TryGetValue("MAJOR", out var major) && Properties.TryGetValue("MINOR", out var minor) ? $"{major}:{minor}" : null;

    public ulong SequenceNumber => ulong.TryParse(Properties.GetValueOrDefault("SEQNUM"), out var n) ? n : 0;

    /// <summary>
    /// True for the devices a multipath daemon cares about: whole block devices (not partitions) that are SCSI disks
    /// (sd*), NVMe namespaces (nvme*n*) or device-mapper maps (dm-*).
    /// </summary>
    public bool IsPathOrMap
    {
        get
        {
            if (Subsystem != "block" || DevType is "partition") return false;
            var name = KernelName;
            return IsScsiDisk(name) || IsNvmeNamespace(name) || name.StartsWith("dm-", StringComparison.Ordinal);
        }
    }

    public bool IsMap => KernelName.StartsWith("dm-", StringComparison.Ordinal);

    private static bool IsScsiDisk(string name) => name.Length > 2 && name.StartsWith("sd", StringComparison.Ordinal) && name.AsSpan(2).IndexOfAnyExceptInRange('a', 'z') < 0;

    /// <summary>nvme&lt;ctrl&gt;n&lt;ns&gt; (the namespace, not the controller nvme0 nor partitions nvme0n1p1).</summary>
    private static bool IsNvmeNamespace(string name)
    {
        if (!name.StartsWith("nvme", StringComparison.Ordinal)) return false;
        var rest = name.AsSpan(4);
        var n = rest.IndexOf('n');
        if (n <= 0) return false;
        var controller = rest[..n];
        var ns = rest[(n + 1)..];
        return ns.Length > 0 && controller.IndexOfAnyExceptInRange('0', '9') < 0 && ns.IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
