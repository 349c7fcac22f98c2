namespace Mpath.Linux.Native;

/// <summary>
/// Takes the process out of the OOM killer's choice (oom_score_adj -1000), as multipathd does at start: when memory
/// runs out on a host whose root or database sits on multipath, killing the path manager turns a memory shortage
/// into lost paths and stalled I/O.
/// </summary>
public static class OomProtection
{
    public const int Exempt = -1000;

    /// <summary>Writes <see cref="Exempt"/> to <paramref name="adjustFile"/>; returns null on success, else the reason.</summary>
    public static string? Apply(string adjustFile = "/proc/self/oom_score_adj")
    {
        try
        {
            File.WriteAllText(adjustFile, Exempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {adjustFile}: {e.Message}";
        }
    }
}
