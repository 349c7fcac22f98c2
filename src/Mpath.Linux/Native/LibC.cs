using System.Runtime.InteropServices;

namespace Mpath.Linux.Native;

/// <summary>The libc calls SG_IO, the directio checker, the uevent socket and the daemon need (open/ioctl/pread/close, socket/bind, mlockall), AOT-safe.</summary>
internal static partial class LibC
{
    // The exact soname: "libc" alone makes the runtime probe some forty file names (libc.so, liblibc.so, in every
    // library directory) before it finds glibc, on every start.
    private const string Library = "libc.so.6";

    public const int ReadOnly = 0x0;
    public const int ReadWrite = 0x2;
    public const int NonBlock = 0x800;
    public const int Direct = 0x4000;
    public const int CloseOnExec = 0x80000;

    /// <summary>SG_IO ioctl request number (scsi/sg.h).</summary>
    public const nuint SgIo = 0x2285;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static unsafe partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport(Library, EntryPoint = "pread", SetLastError = true)]
    public static unsafe partial nint PRead(int fd, void* buffer, nuint count, long offset);

    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SolSocket = 1;
    /// <summary>SO_RCVBUFFORCE: a receive buffer beyond rmem_max (root only); uevent storms need it.</summary>
    public const int SoRcvBufForce = 33;

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    public static unsafe partial int Bind(int fd, void* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static unsafe partial int SetSockOpt(int fd, int level, int name, void* value, uint valueLength);

    public const int RlimitNoFile = 7;

    /// <summary>struct rlimit.</summary>
    public struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport(Library, EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetRLimit(int resource, out ResourceLimit limit);

    [LibraryImport(Library, EntryPoint = "setrlimit", SetLastError = true)]
    public static partial int SetRLimit(int resource, in ResourceLimit limit);

    /// <summary>struct pollfd.</summary>
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "mlockall", SetLastError = true)]
    public static partial int MLockAll(int flags);

    [LibraryImport(Library, EntryPoint = "strerror")]
    private static partial nint StrError(int errno);

    /// <summary>The C library's text for an errno value ("Device or resource busy").</summary>
    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(StrError(errno)) ?? $"errno {errno}";
}
