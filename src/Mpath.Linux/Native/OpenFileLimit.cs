using System.Globalization;
using System.Runtime.InteropServices;

namespace Mpath.Linux.Native;

/// <summary>
/// The daemon's open file limit (multipath.conf max_fds). The path checker holds every path's device node open, so a
/// host with more paths than the usual soft limit of 1,024 would see its checks fail to open devices; multipathd
/// raises the limit for the same reason, by default to the system's maximum.
/// </summary>
public static class OpenFileLimit
{
    /// <summary>
    /// Sets the soft and hard limit to <paramref name="wanted"/> (null: the value in <paramref name="nrOpenFile"/>); when
    /// the hard limit may not be raised (not root), the soft limit goes as high as the hard one allows. Returns the
    /// limit in force and, when it is below what was wanted, why.
    /// </summary>
    public static (ulong Limit, string? Problem) Raise(long? wanted, string nrOpenFile = "/proc/sys/fs/nr_open")
    {
        if (LibC.GetRLimit(LibC.RlimitNoFile, out var current) != 0)
        {
            return (0, $"getrlimit: {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
        }
        ulong target;
        if (wanted is { } value) target = (ulong)value;
        else if (ulong.TryParse(Discovery.HostFileSystem.ReadAttribute(nrOpenFile)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var nrOpen))
            target = nrOpen;
        else return (current.Current, $"cannot read {nrOpenFile}; keeping {current.Current}");
        if (current.Current >= target && current.Maximum >= target) return (current.Current, null);
        if (LibC.SetRLimit(LibC.RlimitNoFile, new LibC.ResourceLimit { Current = target, Maximum = Math.Max(target, current.Maximum) }) == 0)
        {
            return (target, null);
        }
        var error = LibC.ErrorText(Marshal.GetLastPInvokeError());
        var soft = Math.Min(target, current.Maximum);
        if (soft > current.Current) _ = LibC.SetRLimit(LibC.RlimitNoFile, new LibC.ResourceLimit { Current = soft, Maximum = current.Maximum });
        LibC.GetRLimit(LibC.RlimitNoFile, out var now);
        return (now.Current, $"setrlimit(NOFILE, {target}): {error}; the limit is {now.Current}");
    }
}
