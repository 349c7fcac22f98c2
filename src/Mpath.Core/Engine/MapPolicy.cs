using Mpath.Core.Model;

namespace Mpath.Core.Engine;

/// <summary>
/// The resolved per-map settings the engine acts on. Built from the configuration subsystem's resolved attributes;
/// defaults here are multipath-tools' compiled-in ones.
/// </summary>
public sealed record MapPolicy
{
    public Failback Failback { get; init; } = Failback.Manual;
    public NoPathRetry NoPathRetry { get; init; } = NoPathRetry.Fail;
    /// <summary><c>polling_interval</c>: the checker interval for paths in trouble or just changed.</summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary><c>max_polling_interval</c>: the interval doubles up to this while a path stays up.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>True for <c>group_by_prio</c>: a priority change means the groups themselves are stale and the map is reloaded (with immediate failback).</summary>
    public bool RegroupOnPriorityChange { get; init; }
    /// <summary><c>flush_on_last_del</c>: stop queueing when the last path of the map is removed.</summary>
    public bool FlushOnLastDelete { get; init; }
    /// <summary><c>delay_watch_checks</c>: after a path fails, it is watched for this many checks (0 = off).</summary>
    public int DelayWatchChecks { get; init; }
    /// <summary><c>delay_wait_checks</c>: a watched path that comes back waits this many good checks before reinstatement.</summary>
    public int DelayWaitChecks { get; init; }
    /// <summary><c>san_path_err_threshold</c>: failures that mark a path as flaky (0 = off).</summary>
    public int SanPathErrThreshold { get; init; }
    /// <summary><c>san_path_err_forget_rate</c>: one failure is forgotten per this many good checks.</summary>
    public int SanPathErrForgetRate { get; init; }
    /// <summary><c>san_path_err_recovery_time</c>: how long a path marked flaky stays out.</summary>
    public TimeSpan SanPathErrRecoveryTime { get; init; }
    /// <summary><c>marginal_path_double_failed_time</c>: a second failure this soon after a first makes a path suspect.</summary>
    public TimeSpan MarginalPathDoubleFailedTime { get; init; }
    /// <summary><c>marginal_path_err_sample_time</c>: how long a suspect path is sampled with direct reads.</summary>
    public TimeSpan MarginalPathErrSampleTime { get; init; }
    /// <summary><c>marginal_path_err_rate_threshold</c>: errors per thousand sampled reads above which the path stays out.</summary>
    public int MarginalPathErrRateThreshold { get; init; }
    /// <summary><c>marginal_path_err_recheck_gap_time</c>: how long a path that sampled badly stays out before it is sampled again.</summary>
    public TimeSpan MarginalPathErrRecheckGapTime { get; init; }
    /// <summary><c>ghost_delay</c>: how long a new map whose paths are all ghost waits for an active path before it is marked ready.</summary>
    public TimeSpan GhostDelay { get; init; }

    /// <summary>
    /// Shortest sample time multipath-tools accepts: it gives every sampled read its full 60 s timeout. Below it the
    /// feature stays off, as there.
    /// </summary>
    public static readonly TimeSpan MarginalPathMinimumSampleTime = TimeSpan.FromSeconds(120);

    /// <summary>marginal_path_* detection runs only when all four keywords are set and the sample time is long enough.</summary>
    public bool MarginalPathCheckEnabled =>
        MarginalPathDoubleFailedTime > TimeSpan.Zero && MarginalPathErrSampleTime >= MarginalPathMinimumSampleTime
        && MarginalPathErrRateThreshold > 0 && MarginalPathErrRecheckGapTime > TimeSpan.Zero;

    // mpath extensions (opt-in; see docs/multipath.conf.md)

    /// <summary><c>failback_rate_limit</c>: at most this many automatic failbacks per <see cref="FailbackRateWindow"/> (0 = off).</summary>
    public int FailbackRateLimit { get; init; }
    public TimeSpan FailbackRateWindow { get; init; } = TimeSpan.FromHours(1);
    /// <summary><c>sticky_switch_group</c>: an operator's switch holds until the next checker-observed path change.</summary>
    public bool StickySwitchGroup { get; init; }
    /// <summary><c>flaky_path_window</c>: a path failing again this soon after reinstatement is held out (0 = off).</summary>
    public TimeSpan FlakyPathWindow { get; init; }
    /// <summary><c>flaky_path_hold</c>: how long such a flaky path is held out.</summary>
    public TimeSpan FlakyPathHold { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary><c>pingpong_threshold</c>: group switches within <see cref="PingPongWindow"/> that raise a warning (0 = off).</summary>
    public int PingPongThreshold { get; init; } = 4;
    public TimeSpan PingPongWindow { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>One path as the engine sees it when a map is (re)built: its device, its path group (1-based) and priority.</summary>
public readonly record struct EnginePathSpec(string Dev, int Group, int Priority);
