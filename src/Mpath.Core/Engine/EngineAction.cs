namespace Mpath.Core.Engine;

/// <summary>What an adapter must do for the engine's decision.</summary>
public enum ActionKind
{
    /// <summary>dm message <c>fail_path DEV</c>.</summary>
    FailPath,
    /// <summary>dm message <c>reinstate_path DEV</c>.</summary>
    ReinstatePath,
    /// <summary>dm message <c>switch_group N</c> (1-based).</summary>
    SwitchGroup,
    /// <summary>Regroup and reload the map's table (priorities or paths changed).</summary>
    ReloadMap,
    /// <summary>dm message <c>queue_if_no_path</c>.</summary>
    EnableQueueing,
    /// <summary>dm message <c>fail_if_no_path</c>.</summary>
    DisableQueueing,
    /// <summary>
    /// Sample the path with direct reads for <see cref="EngineAction.Count"/> seconds (marginal_path_err_sample_time) and
    /// report the reads and errors with <see cref="MapEngine.OnIoSampleResult"/>.
    /// </summary>
    SampleIo,
    /// <summary>
    /// The map was created "not ready" (ghost_delay) and may now be used: reload it without the udev flag that kept
    /// upper layers off it.
    /// </summary>
    MarkMapReady,
    /// <summary>Nothing to execute; tell the operator.</summary>
    Log,
}

/// <summary>Why the engine decided something. Each reason has a fixed human text (see <see cref="EngineActionText"/>).</summary>
public enum ActionReason
{
    CheckerDown,
    CheckerUp,
    CheckerUpAfterKernelFailure,
    KernelFailedPath,
    FailbackImmediate,
    FailbackDeferredArmed,
    FailbackDeferredExpired,
    FailbackFollowover,
    FailbackRateLimited,
    OperatorFailPath,
    OperatorReinstatePath,
    OperatorSwitchGroup,
    OperatorDisableQueueing,
    OperatorRestoreQueueing,
    PriorityChanged,
    AllPathsDownQueueing,
    AllPathsDownRetrying,
    AllPathsDownFailing,
    NoPathRetryExhausted,
    PathRestoredQueueing,
    PathRemoved,
    LastPathRemovedFlush,
    DelayedReinstateWaiting,
    DelayedReinstateDone,
    FlakyPathHeldOut,
    PingPongSuspected,
    MarginalPathSuspected,
    MarginalPathSampling,
    MarginalPathSampleGood,
    MarginalPathSampleBad,
    MarginalPathSampleFailed,
    MarginalPathOnlyPath,
    GhostDelayWaiting,
    GhostDelayActivePath,
    GhostDelayExpired,
}

public enum LogSeverity
{
    Debug,
    Info,
    Notice,
    Warning,
    Error,
}

/// <summary>
/// One decision of the engine, as data. <see cref="Path"/> is the path index in the map (or -1),
/// <see cref="Group"/> the 1-based path group (or 0). A struct so that the steady-state check path allocates nothing.
/// </summary>
public readonly record struct EngineAction(ActionKind Kind, ActionReason Reason, LogSeverity Severity, int Path = -1, int Group = 0, int Count = 0);
