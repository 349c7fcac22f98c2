namespace Mpath.Linux.Discovery;

/// <summary>
/// What sysfs says about one block device by its kernel name, for the questions udev and the wwids file commands ask:
/// does it exist, is it a whole disk, is a multipath map already holding it.
/// </summary>
public sealed class BlockDeviceSysfs(HostFileSystem host)
{
    /// <summary>
    /// The kernel name for an argument written as <c>sda</c>, <c>/dev/sda</c> or <c>8:0</c>; null when no such block
    /// device exists. <c>/dev/disk/by-*</c> symlinks resolve through the filesystem.
    /// </summary>
    public string? KernelName(string argument)
    {
        if (argument.Contains(':', StringComparison.Ordinal) && !argument.Contains('/', StringComparison.Ordinal))
        {
            var link = host.Sys("dev/block/" + argument);
            return Directory.Exists(link) ? Path.GetFileName(HostFileSystem.Resolve(link)) : null;
        }
        var name = argument;
        if (argument.StartsWith('/'))
        {
            var node = host.Root == "/" ? argument : Path.Combine(host.Root, argument.TrimStart('/'));
            name = Path.GetFileName(File.Exists(node) || Directory.Exists(node) ? HostFileSystem.Resolve(node) : argument);
        }
        return IsWholeDisk(name) || Directory.Exists(host.Sys("class/block/" + name)) ? name : null;
    }

    /// <summary>Whole disks appear in /sys/block; partitions only in /sys/class/block.</summary>
    public bool IsWholeDisk(string name) => Directory.Exists(host.Sys("block/" + name));

    /// <summary>The dm name of the multipath map that holds the device (a holder whose dm uuid starts with mpath-), or null.</summary>
    public string? MultipathHolder(string name)
    {
        var holders = host.Sys($"block/{name}/holders");
        if (!Directory.Exists(holders)) return null;
        foreach (var holder in Directory.EnumerateFileSystemEntries(holders))
        {
            var uuid = HostFileSystem.ReadAttribute(Path.Combine(holder, "dm/uuid"))?.Trim();
            if (uuid is not null && uuid.StartsWith("mpath-", StringComparison.Ordinal))
            {
                return HostFileSystem.ReadAttribute(Path.Combine(holder, "dm/name"))?.Trim() ?? Path.GetFileName(holder);
            }
        }
        return null;
    }
}
