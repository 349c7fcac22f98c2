using Microsoft.Extensions.Logging;

namespace Mpath.Daemon.Service;

/// <summary>One daemon per host: an exclusively opened pid file, held for the daemon's lifetime.</summary>
internal static class InstanceLock
{
    /// <summary>The open lock file with our pid in it, or null (logged) when another instance holds it.</summary>
    public static FileStream? TryAcquire(string path, ILogger logger)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.WriteLine(Environment.ProcessId);
            return stream;
        }
        catch (IOException e)
        {
            logger.LogCritical("another instance holds {Lock} ({Error}); not starting", path, e.Message);
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            logger.LogCritical("cannot lock {Lock}: {Error}", path, e.Message);
            return null;
        }
    }
}
