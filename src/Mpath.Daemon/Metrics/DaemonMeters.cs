using System.Diagnostics.Metrics;
using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Daemon.Show;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Metrics;

/// <summary>
/// The daemon's metrics on the <c>mpath</c> meter. Instrument names are already in Prometheus form (mpath_ prefix,
/// _total on counters, base units in the name) so the exported names are the ones docs/metrics.md and the Grafana
/// dashboard use. Counters are recorded as things happen; gauges (path states, queueing) are read from the latest
/// published snapshot only when scraped, so they cost nothing between scrapes and never take the state gate.
/// </summary>
public sealed class DaemonMeters : IDaemonMetrics, IDisposable
{
    public const string MeterName = "mpath";

    /// <summary>Check latency buckets: SG_IO answers in microseconds to milliseconds; a hung device takes the checker timeout.</summary>
    private static readonly double[] CheckDurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Meter _meter = new(MeterName);
    private readonly Func<DaemonSnapshot> _snapshot;
    private readonly Counter<long> _checks;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _pathFailures;
    private readonly Counter<long> _pathReinstates;
    private readonly Counter<long> _groupSwitches;
    private readonly Counter<long> _failbacksSuppressed;
    private readonly Counter<long> _pingPongWarnings;
    private readonly Counter<long> _dmMessageFailures;
    private readonly Counter<long> _uevents;

    public DaemonMeters(Func<DaemonSnapshot> snapshot)
    {
        _snapshot = snapshot;
        _checks = _meter.CreateCounter<long>("mpath_path_checks_total", null, "Path checks completed, by checker and result.");
        _checkDuration = _meter.CreateHistogram("mpath_path_check_duration_seconds", "s", "Time one path check took, by checker.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CheckDurationBuckets });
        _pathFailures = _meter.CreateCounter<long>("mpath_path_failures_total", null, "Paths failed in dm, by map and reason (checker, kernel, operator).");
        _pathReinstates = _meter.CreateCounter<long>("mpath_path_reinstates_total", null, "Paths reinstated in dm, by map and reason (checker, operator).");
        _groupSwitches = _meter.CreateCounter<long>("mpath_group_switches_total", null,
            "Path group switches the daemon made, by map and reason (failover, failback_immediate, failback_deferred, failback_followover, operator).");
        _failbacksSuppressed = _meter.CreateCounter<long>("mpath_failbacks_suppressed_total", null, "Failbacks held back by failback_rate_limit, by map.");
        _pingPongWarnings = _meter.CreateCounter<long>("mpath_pingpong_warnings_total", null, "Ping-pong warnings (too many group switches within the window), by map.");
        _dmMessageFailures = _meter.CreateCounter<long>("mpath_dm_message_failures_total", null, "dm target messages (fail_path, switch_group, ...) that failed, by map.");
        _uevents = _meter.CreateCounter<long>("mpath_uevents_processed_total", null, "Block uevents processed, by action.");
        _meter.CreateObservableGauge("mpath_maps", () => (long)_snapshot().Maps.Count, null, "Multipath maps the daemon manages.");
        _meter.CreateObservableGauge("mpath_paths", ObservePathStates, null, "Paths of managed maps, by state (up, down, ghost, shaky, ...).");
        _meter.CreateObservableGauge("mpath_map_usable_paths", ObserveUsablePaths, null, "Paths that can carry I/O (up or ghost), by map.");
        _meter.CreateObservableGauge("mpath_map_queue_if_no_path", ObserveQueueIfNoPath, null, "1 when the map queues I/O if no path is left (queue_if_no_path), by map.");
        _meter.CreateObservableGauge("mpath_map_queueing", ObserveQueueing, null, "1 while the map has no usable path and holds I/O in its queue, by map.");
    }

    /// <summary>The meter itself, for a listener that must tell this instance from others of the same name.</summary>
    internal Meter Meter => _meter;

    public void PathChecked(string checker, CheckerState result, TimeSpan duration)
    {
        var checkerTag = new KeyValuePair<string, object?>("checker", checker);
        _checks.Add(1, checkerTag, new("result", StateLabel(result)));
        _checkDuration.Record(duration.TotalSeconds, checkerTag);
    }

    public void EngineActionExecuted(string map, EngineAction action)
    {
        var mapTag = new KeyValuePair<string, object?>("map", map);
        switch (action.Kind)
        {
            case ActionKind.FailPath:
                _pathFailures.Add(1, mapTag, new("reason", CauseLabel(action.Reason)));
                break;
            case ActionKind.ReinstatePath:
                _pathReinstates.Add(1, mapTag, new("reason", CauseLabel(action.Reason)));
                break;
            case ActionKind.SwitchGroup:
                _groupSwitches.Add(1, mapTag, new("reason", SwitchLabel(action.Reason)));
                break;
            case ActionKind.Log when action.Reason == ActionReason.FailbackRateLimited:
                _failbacksSuppressed.Add(1, mapTag);
                break;
            case ActionKind.Log when action.Reason == ActionReason.PingPongSuspected:
                _pingPongWarnings.Add(1, mapTag);
                break;
        }
    }

    public void DmMessageFailed(string map) => _dmMessageFailures.Add(1, new KeyValuePair<string, object?>("map", map));

    public void UeventProcessed(string action) => _uevents.Add(1, new KeyValuePair<string, object?>("action", action));

    /// <summary>The label for a checker result or path state: multipathd's checker state name (up, down, ghost, ...).</summary>
    public static string StateLabel(CheckerState state) => DaemonStatusPrinter.StateName(state);

    /// <summary>Who caused a path failure or reinstatement.</summary>
    public static string CauseLabel(ActionReason reason) => reason switch
    {
        ActionReason.OperatorFailPath or ActionReason.OperatorReinstatePath => "operator",
        ActionReason.KernelFailedPath => "kernel",
        ActionReason.PathRemoved => "removed",
        _ => "checker",
    };

    /// <summary>Why the daemon switched path groups; failbacks carry their failback mode.</summary>
    public static string SwitchLabel(ActionReason reason) => reason switch
    {
        ActionReason.FailbackImmediate => "failback_immediate",
        ActionReason.FailbackDeferredExpired => "failback_deferred",
        ActionReason.FailbackFollowover => "failback_followover",
        ActionReason.OperatorSwitchGroup => "operator",
        _ => "failover",
    };

    private IEnumerable<Measurement<long>> ObservePathStates()
    {
        var counts = new Dictionary<CheckerState, long>();
        foreach (var map in _snapshot().Maps)
        {
            foreach (var path in map.Paths) counts[path.State] = counts.GetValueOrDefault(path.State) + 1;
        }
        return counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("state", StateLabel(c.Key))));
    }

    private IEnumerable<Measurement<long>> ObserveUsablePaths() =>
        _snapshot().Maps.Select(m => new Measurement<long>(m.ActivePathCount, new KeyValuePair<string, object?>("map", m.Name)));

    private IEnumerable<Measurement<long>> ObserveQueueIfNoPath() =>
        _snapshot().Maps.Select(m => new Measurement<long>(m.QueueIfNoPath ? 1 : 0, new KeyValuePair<string, object?>("map", m.Name)));

    private IEnumerable<Measurement<long>> ObserveQueueing() =>
        _snapshot().Maps.Select(m => new Measurement<long>(m.QueueIfNoPath && m.ActivePathCount == 0 ? 1 : 0, new KeyValuePair<string, object?>("map", m.Name)));

    public void Dispose() => _meter.Dispose();
}
