using Mpath.Linux.Native;

namespace Mpath.Linux.Discovery;

/// <summary>
/// Where discovery looks: the root under which /sys, /run/udev/data and /dev are found. "/" on a real
/// host; a temporary directory holding a fake tree in unit tests.
/// </summary>
public sealed record HostFileSystem(string Root)
{
    public static HostFileSystem Live { get; } = new("/");

    public string Sys(string relative) => Path.Combine(Root, "sys", relative);

    public string UdevData(string relative) => Path.Combine(Root, "run/udev/data", relative);

    /// <summary>The device node for a block device name (sda -> /dev/sda).</summary>
    public string DevNode(string dev) => Path.Combine(Root, "dev", dev);

    /// <summary>A sysfs attribute's text without the trailing newline; null when it does not exist or cannot be read.</summary>
    public static string? ReadAttribute(string path) =>
        SmallFile.Read(path, static bytes => System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\n', '\0'));

    /// <summary>A binary sysfs attribute (vpd_pg83, inquiry); null when absent or unreadable.</summary>
    public static byte[]? ReadBinary(string path) => SmallFile.Read(path, static bytes => bytes.ToArray());

    /// <summary>The fully resolved path of a sysfs directory or symlink (sysfs device links are relative).</summary>
    public static string Resolve(string path)
    {
        var info = new DirectoryInfo(path);
        var target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
        return Path.GetFullPath(target?.FullName ?? info.FullName);
    }
}
