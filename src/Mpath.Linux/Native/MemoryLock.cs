using System.Runtime.InteropServices;

namespace Mpath.Linux.Native;

/// <summary>
/// Locks the whole process in RAM (mlockall), so the daemon that repairs paths never waits for a page-in from the
/// storage it is repairing: multipathd does the same at start. Locking needs CAP_IPC_LOCK or a large enough
/// RLIMIT_MEMLOCK (systemd's LimitMEMLOCK=).
/// </summary>
public static class MemoryLock
{
    private const int Current = 1;
    private const int Future = 2;

    /// <summary>Locks what is mapped now and all that gets mapped later; returns null on success, else the reason.</summary>
    public static string? LockAll()
    {
        if (LibC.MLockAll(Current | Future) == 0) return null;
        var errno = Marshal.GetLastPInvokeError();
        return $"mlockall failed: {LibC.ErrorText(errno)} (errno {errno})";
    }
}
