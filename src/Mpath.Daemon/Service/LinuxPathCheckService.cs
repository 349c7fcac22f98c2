using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Scsi;

namespace Mpath.Daemon.Service;

/// <summary>Real path checks: the configured checker on the device node, on the bounded checker threads.</summary>
public sealed class LinuxPathCheckService(IScsiTransport transport, int workers) : IPathCheckService, IDisposable
{
    private readonly CheckerRunner _runner = new(workers);
    private readonly Dictionary<string, IPathChecker> _checkers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<CheckerResult> CheckAsync(PathInfo path, string checkerName, TimeSpan timeout)
    {
        IPathChecker? checker;
        lock (_lock)
        {
            if (!_checkers.TryGetValue(checkerName, out checker))
            {
                // Checkers mpath does not implement yet (emc_clariion, rdac, hp_sw, ...) fall back to tur, which every
                // SCSI target answers; the fallback is stated in mpath(8) and logged by the daemon at start.
                checker = PathCheckers.Create(checkerName, transport) ?? PathCheckers.Create("tur", transport)!;
                _checkers[checkerName] = checker;
            }
        }
        return _runner.CheckAsync(checker, "/dev/" + path.Dev, timeout);
    }

    public void Dispose() => _runner.Dispose();
}
