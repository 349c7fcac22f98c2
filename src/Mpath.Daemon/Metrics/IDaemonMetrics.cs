using Mpath.Core.Engine;
using Mpath.Core.Model;

namespace Mpath.Daemon.Metrics;

/// <summary>
/// What the daemon counts while it runs. The service calls these at the moment things happen; the implementation
/// (<see cref="DaemonMeters"/>) records them on a System.Diagnostics.Metrics meter, so nothing here knows about
/// exporters and a test can watch the measurements with a MeterListener.
/// </summary>
public interface IDaemonMetrics
{
    /// <summary>A path check finished with <paramref name="result"/> after <paramref name="duration"/>.</summary>
    void PathChecked(string checker, CheckerState result, TimeSpan duration);

    /// <summary>The service executed one engine decision for <paramref name="map"/> (failures, switches, warnings).</summary>
    void EngineActionExecuted(string map, EngineAction action);

    /// <summary>A dm target message for <paramref name="map"/> failed (logged with errno by the executor).</summary>
    void DmMessageFailed(string map);

    /// <summary>One uevent (add, change, remove, ...) was processed; merged duplicates of a storm count once each.</summary>
    void UeventProcessed(string action);
}

/// <summary>Counts nothing: for tests and tools that drive the path manager without metrics.</summary>
public sealed class NoDaemonMetrics : IDaemonMetrics
{
    public static NoDaemonMetrics Instance { get; } = new();

    public void PathChecked(string checker, CheckerState result, TimeSpan duration)
    {
    }

    public void EngineActionExecuted(string map, EngineAction action)
    {
    }

    public void DmMessageFailed(string map)
    {
    }

    public void UeventProcessed(string action)
    {
    }
}
