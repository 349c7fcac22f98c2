using Mpath.Core.Model;

namespace Mpath.Core.Engine;

/// <summary>The engine's view of one path: two states (see DESIGN.md §1) plus the kernel's, and its check schedule.</summary>
public struct PathRuntime
{
    public string Dev { get; internal set; }
    public int Group { get; internal set; }
    public int Priority { get; internal set; }
    /// <summary>Overall state: set by the checker and by kernel failures (multipathd's <c>state</c>).</summary>
    public CheckerState State { get; internal set; }
    /// <summary>Set only by the path checker (multipathd's <c>chkrstate</c>); kernel failures never touch it.</summary>
    public CheckerState CheckerState { get; internal set; }
    public DmPathState DmState { get; internal set; }
    public TimeSpan CheckInterval { get; internal set; }
    public DateTimeOffset NextCheck { get; internal set; }
    /// <summary>Checks left in the delay_watch_checks window after a failure.</summary>
    internal int WatchChecksLeft;
    /// <summary>Good checks still to wait before a delayed reinstate.</summary>
    internal int WaitChecksLeft;
    /// <summary>san_path_err failure count, and good checks since the last one was forgotten.</summary>
    internal int ErrorCount;
    internal int GoodChecksSinceForget;
    internal DateTimeOffset LastReinstated;
    /// <summary>Until then the path is held out (flaky or san_path_err), whatever its checker says.</summary>
    internal DateTimeOffset HeldOutUntil;
    internal bool Removed;
    /// <summary>marginal_path_*: where the path stands, failures in the current window, when that window opened.</summary>
    internal MarginalPhase Marginal;
    internal int MarginalFailures;
    internal DateTimeOffset MarginalWindowStart;
    /// <summary>While <see cref="MarginalPhase.AwaitingSample"/>: the earliest time the next sample may start.</summary>
    internal DateTimeOffset MarginalSampleDue;
}

/// <summary>A path's place in marginal_path detection.</summary>
internal enum MarginalPhase : byte
{
    /// <summary>Not suspect: failures are only counted.</summary>
    None,
    /// <summary>Failed twice within marginal_path_double_failed_time (or sampled badly): kept out until a sample runs.</summary>
    AwaitingSample,
    /// <summary>The adapter is sampling it; kept out until the result comes.</summary>
    Sampling,
}
