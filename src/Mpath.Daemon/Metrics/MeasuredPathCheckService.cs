using Mpath.Core.Model;
using Mpath.Daemon.Service;
using Mpath.Linux.Checkers;

namespace Mpath.Daemon.Metrics;

/// <summary>Times every path check of the inner service and records its result and latency.</summary>
public sealed class MeasuredPathCheckService(IPathCheckService inner, IDaemonMetrics metrics, TimeProvider time) : IPathCheckService
{
    public async Task<CheckerResult> CheckAsync(PathInfo path, string checkerName, TimeSpan timeout)
    {
        var started = time.GetTimestamp();
        var result = await inner.CheckAsync(path, checkerName, timeout).ConfigureAwait(false);
        metrics.PathChecked(checkerName, result.State, time.GetElapsedTime(started));
        return result;
    }

    public void Forget(string dev) => inner.Forget(dev);
}
