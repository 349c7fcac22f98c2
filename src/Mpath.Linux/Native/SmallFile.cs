using System.Buffers;

namespace Mpath.Linux.Native;

/// <summary>
/// Reads a small file (a sysfs attribute) with open, read and close and nothing else. The path checker reads each path's
/// SCSI device state before every check and discovery reads a dozen attributes per path; the general file API costs
/// several more system calls and a few kilobytes of buffers per read.
/// </summary>
internal static class SmallFile
{
    /// <summary>Most sysfs attributes fit in a page; a larger file is read on with a growing buffer.</summary>
    private const int FirstRead = 4096;

    /// <summary>The file's bytes given to <paramref name="decode"/>; null when it cannot be opened or read.</summary>
    public static unsafe T? Read<T>(string path, Func<ReadOnlySpan<byte>, T> decode) where T : class
    {
        var fd = LibC.Open(path, LibC.ReadOnly | LibC.CloseOnExec);
        if (fd < 0) return null;
        var buffer = ArrayPool<byte>.Shared.Rent(FirstRead);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                nint got;
                fixed (byte* p = &buffer[length])
                {
                    got = LibC.PRead(fd, p, (nuint)(buffer.Length - length), length);
                }
                if (got < 0) return null; // EISDIR, EIO from a driver's show function, ...
                if (got == 0) break;
                length += (int)got;
            }
            return decode(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _ = LibC.Close(fd);
        }
    }
}
