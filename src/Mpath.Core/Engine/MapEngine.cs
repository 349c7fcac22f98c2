using Mpath.Core.Model;

namespace Mpath.Core.Engine;

/// <summary>
/// The path-management state machine of one multipath map. Pure and deterministic: it is told what happened
/// (checker results, kernel events, operator commands, time passing) and appends what must be done to a caller-owned
/// action list. The daemon executes those actions on the kernel; the simulator executes them on its model.
/// </summary>
/// <remarks>
/// Each path carries two states (DESIGN.md §1): <see cref="PathRuntime.State"/>, changed by the checker and by kernel
/// failures, and <see cref="PathRuntime.CheckerState"/>, changed only by the checker. Followover failback looks only at
/// the latter, so failures caused by another host moving the LUN never trigger it.
/// </remarks>
public sealed partial class MapEngine
{
    private PathRuntime[] _paths;
    private readonly TimeProvider _time;
    private QueueingController _queueing;
    private SwitchHistory _switches;
    private SwitchHistory _failbacks;
    private DateTimeOffset? _failbackDeadline;
    private DateTimeOffset _lastPingPongWarning = DateTimeOffset.MinValue;
    private DateTimeOffset _lastRateLimitWarning = DateTimeOffset.MinValue;
    private bool _operatorHold;
    private int _groupCount;

    public MapEngine(string name, IReadOnlyList<EnginePathSpec> paths, MapPolicy policy, TimeProvider time, int initialGroup = 1)
    {
        Name = name;
        Policy = policy;
        _time = time;
        _queueing = new QueueingController(policy.NoPathRetry, policy.PollingInterval);
        _switches = new SwitchHistory(Math.Max(1, policy.PingPongThreshold));
        _failbacks = new SwitchHistory(Math.Max(1, policy.FailbackRateLimit));
        _paths = [];
        LoadLayout(paths, keepState: false);
        CurrentGroup = Math.Clamp(initialGroup, 1, Math.Max(1, _groupCount));
    }

    public string Name { get; }
    public MapPolicy Policy { get; private set; }
    public int PathCount => _paths.Length;
    public int GroupCount => _groupCount;
    /// <summary>The path group the kernel uses (or will use at the next I/O), 1-based.</summary>
    public int CurrentGroup { get; private set; }
    public bool Queueing => _queueing.Queueing;
    public ref readonly PathRuntime Path(int index) => ref _paths[index];
    public int UsablePathCount
    {
        get
        {
            var n = 0;
            foreach (ref readonly var p in _paths.AsSpan())
            {
                if (IsUsable(in p)) n++;
            }
            return n;
        }
    }

    /// <summary>Index of the path named <paramref name="dev"/>, or -1.</summary>
    public int IndexOf(string dev)
    {
        for (var i = 0; i < _paths.Length; i++)
        {
            if (_paths[i].Dev == dev) return i;
        }
        return -1;
    }

    /// <summary>When the path should next be checked.</summary>
    public DateTimeOffset NextCheckDue(int path) => _paths[path].NextCheck;

    /// <summary>The next time <see cref="OnTimer"/> has work (deferred failback, no_path_retry, ghost_delay), or null.</summary>
    public DateTimeOffset? NextTimerDue => Earliest(Earliest(_failbackDeadline, _queueing.RetryDeadline), _ghostDelayDeadline);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    // ---- checker ----

    /// <summary>
    /// A checker result for one path. <paramref name="priority"/> is the prioritizer's fresh value, or -1 when the
    /// caller did not refresh it.
    /// </summary>
    public void OnCheckerResult(int path, CheckerState result, int priority, List<EngineAction> actions)
    {
        ref var p = ref _paths[path];
        if (p.Removed) return;
        var now = _time.GetUtcNow();
        if (result == CheckerState.Timeout) result = CheckerState.Down;
        if (result is CheckerState.Pending or CheckerState.Wild or CheckerState.Unchecked)
        {
            // No verdict yet: look again soon, change nothing.
            p.NextCheck = now + (result == CheckerState.Pending ? TimeSpan.FromSeconds(1) : Policy.PollingInterval);
            return;
        }
        EndGhostDelayIfActive(result, path, actions);

        var previousCheckerState = p.CheckerState;
        var checkerChanged = previousCheckerState != result;
        var newPathUp = false;
        var checkerNewPathUp = false;
        var usableBefore = UsablePathCount;

        // A held-out or marginal path's "up" is not accepted yet, so its checker state stays what it was: followover
        // then sees the real down->up transition when the hold ends.
        if (result.IsUsable() && (IsHeldOut(in p, now) || (p.Marginal != MarginalPhase.None && KeepMarginalPathOut(ref p, now, path, actions))))
        {
            p.NextCheck = now + Policy.PollingInterval;
            return;
        }

        if (result != p.State)
        {
            if (result.IsUsable())
            {
                if (ShouldDelayReinstate(ref p, actions, path))
                {
                    p.NextCheck = now + Policy.PollingInterval;
                    return;
                }
                newPathUp = true;
                checkerNewPathUp = !previousCheckerState.IsUsable();
                var wasKernelFailure = p.State == CheckerState.Down && previousCheckerState.IsUsable();
                p.State = result;
                p.LastReinstated = now;
                if (p.DmState != DmPathState.Active)
                {
                    p.DmState = DmPathState.Active;
                    actions.Add(new(ActionKind.ReinstatePath, wasKernelFailure ? ActionReason.CheckerUpAfterKernelFailure : ActionReason.CheckerUp, LogSeverity.Notice, path));
                }
            }
            else
            {
                var wasUsable = p.State.IsUsable();
                p.State = result;
                if (wasUsable) NoteFailure(ref p, now, path, actions);
                if (p.DmState == DmPathState.Active)
                {
                    p.DmState = DmPathState.Failed;
                    actions.Add(new(ActionKind.FailPath, ActionReason.CheckerDown, LogSeverity.Notice, path));
                }
            }
            p.CheckInterval = Policy.PollingInterval;
        }
        else if (result.IsUsable())
        {
            if (p.DmState == DmPathState.Failed)
            {
                // Up per checker and per our state, failed in the kernel: the kernel failed it and we have not heard.
                p.DmState = DmPathState.Active;
                actions.Add(new(ActionKind.ReinstatePath, ActionReason.CheckerUpAfterKernelFailure, LogSeverity.Notice, path));
                p.CheckInterval = Policy.PollingInterval;
            }
            else
            {
                var doubled = p.CheckInterval + p.CheckInterval;
                p.CheckInterval = doubled > Policy.MaxPollingInterval ? Policy.MaxPollingInterval : doubled;
            }
            ForgetErrors(ref p);
        }
        else
        {
            p.CheckInterval = Policy.PollingInterval;
        }

        p.CheckerState = result;
        p.NextCheck = now + p.CheckInterval;
        if (checkerChanged) _operatorHold = false;

        var usableAfter = UsablePathCount;
        if (usableBefore == 0 && usableAfter > 0) _queueing.OnFirstPathBack(actions);
        else if (usableBefore > 0 && usableAfter == 0) _queueing.OnLastPathLost(now, actions);

        var priorityChanged = priority >= 0 && priority != p.Priority;
        if (priorityChanged) p.Priority = priority;
        if (!p.State.IsUsable()) return;

        if (priorityChanged && Policy.RegroupOnPriorityChange && Policy.Failback.Mode == FailbackMode.Immediate)
        {
            actions.Add(new(ActionKind.ReloadMap, ActionReason.PriorityChanged, LogSeverity.Notice));
            return;
        }
        ConsiderFailback(path, newPathUp, checkerNewPathUp, now, actions);
    }

    // ---- kernel ----

    /// <summary>The kernel failed a path (dm event: I/O error). Changes <c>state</c>, never <c>chkrstate</c>.</summary>
    public void OnKernelPathFailed(int path, List<EngineAction> actions)
    {
        ref var p = ref _paths[path];
        if (p.Removed || p.DmState == DmPathState.Failed && p.State == CheckerState.Down) return;
        var now = _time.GetUtcNow();
        var usableBefore = UsablePathCount;
        p.DmState = DmPathState.Failed;
        if (p.State != CheckerState.Down)
        {
            var wasUsable = p.State.IsUsable();
            p.State = CheckerState.Down;
            if (wasUsable) NoteFailure(ref p, now, path, actions);
            actions.Add(new(ActionKind.Log, ActionReason.KernelFailedPath, LogSeverity.Notice, path));
        }
        // Look at it again soon: the failure may have been the LUN moving, not the path breaking.
        p.CheckInterval = Policy.PollingInterval;
        var soon = now + Policy.PollingInterval;
        if (p.NextCheck > soon) p.NextCheck = soon;
        if (usableBefore > 0 && UsablePathCount == 0) _queueing.OnLastPathLost(now, actions);
    }

    /// <summary>The kernel reports the path active again (someone reinstated it).</summary>
    public void OnKernelPathReinstated(int path) => _paths[path].DmState = DmPathState.Active;

    /// <summary>The kernel moved to another path group on its own (all paths of the current group failed).</summary>
    public void OnKernelGroupSwitched(int group, List<EngineAction> actions)
    {
        if (group < 1 || group > _groupCount || group == CurrentGroup) return;
        CurrentGroup = group;
        RecordSwitch(_time.GetUtcNow(), actions);
    }

    // ---- time ----

    /// <summary>Runs what is due at the current time: a deferred failback, the end of no_path_retry.</summary>
    public void OnTimer(List<EngineAction> actions)
    {
        var now = _time.GetUtcNow();
        _queueing.OnTimer(now, actions);
        EndGhostDelayIfExpired(now, actions);
        if (_failbackDeadline is { } deadline && now >= deadline)
        {
            _failbackDeadline = null;
            var best = SelectBestGroup();
            if (best != CurrentGroup && GroupHasUsablePath(best) && !_operatorHold)
            {
                TrySwitch(best, ActionReason.FailbackDeferredExpired, path: -1, now, actions);
            }
        }
    }

    private static bool IsUsable(in PathRuntime p) => !p.Removed && p.State.IsUsable();

    private static bool IsHeldOut(in PathRuntime p, DateTimeOffset now) => p.HeldOutUntil > now;
}
