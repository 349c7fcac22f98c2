using System.Globalization;

namespace Mpath.Core.Engine;

/// <summary>Turns engine actions into the log lines operators read (off the hot path: called only when something is logged).</summary>
public static class EngineActionText
{
    public static string Describe(this EngineAction action, MapEngine map)
    {
        var dev = action.Path >= 0 && action.Path < map.PathCount ? map.Path(action.Path).Dev : "-";
        var what = action.Kind switch
        {
            ActionKind.FailPath => $"fail path {dev}",
            ActionKind.ReinstatePath => $"reinstate path {dev}",
            ActionKind.SwitchGroup => $"switch to path group {action.Group}",
            ActionKind.ReloadMap => "reload map",
            ActionKind.EnableQueueing => "queue I/O when no path is left (queue_if_no_path)",
            ActionKind.DisableQueueing => "fail I/O when no path is left (fail_if_no_path)",
            ActionKind.SampleIo => $"sample I/O on {dev}",
            ActionKind.MarkMapReady => "mark the map ready for use",
            _ => null,
        };
        var why = Reason(action, dev, map);
        return what is null ? $"{map.Name}: {why}" : $"{map.Name}: {what}: {why}";
    }

    private static string Reason(EngineAction a, string dev, MapEngine map) => a.Reason switch
    {
        ActionReason.CheckerDown => $"checker reports {dev} is down",
        ActionReason.CheckerUp => $"checker reports {dev} is up",
        ActionReason.CheckerUpAfterKernelFailure => $"{dev} was failed by the kernel but its checker reports it up",
        ActionReason.KernelFailedPath => $"kernel failed {dev}; remaining usable paths: {map.UsablePathCount}",
        ActionReason.FailbackImmediate => "failback immediate: a better path group is usable",
        ActionReason.FailbackDeferredArmed => string.Create(CultureInfo.InvariantCulture, $"better path group {a.Group} usable; failback in {a.Count} s"),
        ActionReason.FailbackDeferredExpired => "deferred failback expired",
        ActionReason.FailbackFollowover => $"followover: {dev} came up in the best path group, whose other paths were all down per the checker",
        ActionReason.FailbackRateLimited => string.Create(CultureInfo.InvariantCulture, $"failback suppressed: {a.Count} automatic failbacks within failback_rate_window (failback_rate_limit reached); staying on group {map.CurrentGroup}"),
        ActionReason.OperatorFailPath or ActionReason.OperatorReinstatePath or ActionReason.OperatorSwitchGroup => "operator request",
        ActionReason.OperatorDisableQueueing => "operator disabled queueing",
        ActionReason.OperatorRestoreQueueing => "operator restored queueing",
        ActionReason.PriorityChanged => "path priorities changed; regrouping",
        ActionReason.AllPathsDownQueueing => "no usable path left; queueing I/O (no_path_retry queue)",
        ActionReason.AllPathsDownRetrying => string.Create(CultureInfo.InvariantCulture, $"no usable path left; queueing for {a.Count} s (no_path_retry)"),
        ActionReason.AllPathsDownFailing => "no usable path left; I/O fails (no_path_retry fail)",
        ActionReason.NoPathRetryExhausted => "no_path_retry exhausted",
        ActionReason.PathRestoredQueueing => "a path is usable again",
        ActionReason.PathRemoved => $"path {dev} removed",
        ActionReason.LastPathRemovedFlush => "last path removed (flush_on_last_del)",
        ActionReason.DelayedReinstateWaiting => string.Create(CultureInfo.InvariantCulture, $"{dev} is up again after a recent failure; reinstating after {a.Count} more good checks (delay_wait_checks)"),
        ActionReason.DelayedReinstateDone => "delay_wait_checks passed",
        ActionReason.FlakyPathHeldOut => string.Create(CultureInfo.InvariantCulture, $"{dev} failed again soon after reinstatement; held out for {a.Count} s"),
        ActionReason.PingPongSuspected => string.Create(CultureInfo.InvariantCulture, $"{a.Count} path group switches within {(int)map.Policy.PingPongWindow.TotalSeconds} s: hosts sharing this LUN are likely moving it back and forth (ping-pong); with active/passive storage use failback followover"),
        ActionReason.MarginalPathSuspected => string.Create(CultureInfo.InvariantCulture, $"{dev} failed twice within {a.Count} s (marginal_path_double_failed_time); it stays failed until an I/O sample clears it"),
        ActionReason.MarginalPathSampling => string.Create(CultureInfo.InvariantCulture, $"{dev} is up but marginal: direct reads for {a.Count} s (marginal_path_err_sample_time) before it may be reinstated"),
        ActionReason.MarginalPathSampleGood => string.Create(CultureInfo.InvariantCulture, $"{dev}: I/O error rate {a.Count}/1000 is within marginal_path_err_rate_threshold {map.Policy.MarginalPathErrRateThreshold}; reinstating at the next check"),
        ActionReason.MarginalPathSampleBad => string.Create(CultureInfo.InvariantCulture, $"{dev}: I/O error rate {a.Count}/1000 is above marginal_path_err_rate_threshold {map.Policy.MarginalPathErrRateThreshold}; kept failed for {(int)map.Policy.MarginalPathErrRecheckGapTime.TotalSeconds} s (marginal_path_err_recheck_gap_time), then sampled again"),
        ActionReason.MarginalPathSampleFailed => $"{dev}: the I/O sample could not run; reinstating at the next good check",
        ActionReason.MarginalPathOnlyPath => $"{dev} is marginal but the map has no other usable path; not keeping it out",
        ActionReason.GhostDelayWaiting => string.Create(CultureInfo.InvariantCulture, $"no path known active (all ghost/standby or unchecked); waiting up to {a.Count} s for an active path before marking the map ready (ghost_delay)"),
        ActionReason.GhostDelayActivePath => $"{dev} is active",
        ActionReason.GhostDelayExpired => "no active path appeared within ghost_delay; using the ghost paths",
        _ => a.Reason.ToString(),
    };
}
