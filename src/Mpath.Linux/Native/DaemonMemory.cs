using System.Runtime.InteropServices;

namespace Mpath.Linux.Native;

/// <summary>
/// Keeps a long-running daemon's resident memory near what it uses. Measured in the kernel-tier guest (Debian kernel,
/// transparent huge pages "always", 16 maps x 4 paths; bench/RESULTS.md): of the daemon's 21 MiB of anonymous memory,
/// about 6 MiB were three glibc malloc arenas of 2 MiB each (a huge page apiece, for the small allocations libdevmapper
/// makes on the event and checker threads), and the GC's regions were resident in whole 2 MiB huge pages.
/// </summary>
public static partial class DaemonMemory
{
    private const int PrSetThpDisable = 41;
    private const int PrGetThpDisable = 42;
    private const int MArenaMax = -8;

    /// <summary>
    /// Turns transparent huge pages off for this process (memory faulted from now on comes in 4 KiB pages; a daemon
    /// with a few MiB of heap gains nothing from 2 MiB pages) and lets glibc keep a single malloc arena. Call first
    /// thing, before threads allocate. Returns what could not be done, or null.
    /// </summary>
    public static string? Tune()
    {
        var problems = new List<string>();
        if (Prctl(PrSetThpDisable, 1, 0, 0, 0) != 0)
        {
            problems.Add($"prctl(PR_SET_THP_DISABLE): {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
        }
        if (MallOpt(MArenaMax, 1) != 1) problems.Add("mallopt(M_ARENA_MAX, 1) refused");
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Whether transparent huge pages are off for this process (PR_GET_THP_DISABLE).</summary>
    public static bool HugePagesDisabled => Prctl(PrGetThpDisable, 0, 0, 0, 0) == 1;

    [LibraryImport("libc.so.6", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
