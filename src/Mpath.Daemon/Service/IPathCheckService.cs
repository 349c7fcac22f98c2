using Mpath.Core.Model;
using Mpath.Linux.Checkers;

namespace Mpath.Daemon.Service;

/// <summary>Runs one path check asynchronously; never blocks the caller, whatever the device does.</summary>
public interface IPathCheckService
{
    Task<CheckerResult> CheckAsync(PathInfo path, string checkerName, TimeSpan timeout);

    /// <summary>The path is gone: whatever is kept for it (an open device node, a checker's context) goes too.</summary>
    void Forget(string dev);
}
