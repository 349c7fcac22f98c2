namespace Mpath.Daemon.Service;

/// <summary>
/// Whether standard error is connected to journald. systemd sets JOURNAL_STREAM to the "DEVICE:INODE" of the stream it
/// hands a service; a child that inherited the variable but redirected its stderr elsewhere no longer matches.
/// </summary>
public static class JournalStream
{
    public static bool IsStandardError()
    {
        string? target;
        try
        {
            target = new FileInfo("/proc/self/fd/2").LinkTarget;
        }
        catch (IOException)
        {
            target = null;
        }
        catch (UnauthorizedAccessException)
        {
            target = null;
        }
        return Matches(Environment.GetEnvironmentVariable("JOURNAL_STREAM"), target);
    }

    /// <summary>JOURNAL_STREAM "DEV:INO" against the link target of /proc/self/fd/2 ("socket:[INO]" for journald's socket).</summary>
    public static bool Matches(string? journalStream, string? standardErrorTarget)
    {
        if (string.IsNullOrEmpty(journalStream)) return false;
        var colon = journalStream.IndexOf(':');
        if (colon < 0) return false;
        var inode = journalStream[(colon + 1)..];
        // Without /proc the variable alone is the best evidence there is.
        if (standardErrorTarget is null) return true;
        return standardErrorTarget == $"socket:[{inode}]";
    }
}
