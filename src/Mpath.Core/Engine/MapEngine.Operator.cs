using Mpath.Core.Model;

namespace Mpath.Core.Engine;

public sealed partial class MapEngine
{
    /// <summary><c>fail path DEV</c>: fail it in the kernel now; like a kernel failure, the checker may reinstate it later.</summary>
    public void OperatorFailPath(int path, List<EngineAction> actions)
    {
        ref var p = ref _paths[path];
        if (p.Removed) return;
        var usableBefore = UsablePathCount;
        p.DmState = DmPathState.Failed;
        p.State = CheckerState.Down;
        actions.Add(new(ActionKind.FailPath, ActionReason.OperatorFailPath, LogSeverity.Notice, path));
        if (usableBefore > 0 && UsablePathCount == 0) _queueing.OnLastPathLost(_time.GetUtcNow(), actions);
    }

    /// <summary><c>reinstate path DEV</c>: reinstate it in the kernel whatever the checker last said, as multipathd does.</summary>
    public void OperatorReinstatePath(int path, List<EngineAction> actions)
    {
        ref var p = ref _paths[path];
        if (p.Removed) return;
        var usableBefore = UsablePathCount;
        p.DmState = DmPathState.Active;
        p.State = p.CheckerState.IsUsable() ? p.CheckerState : CheckerState.Up;
        p.HeldOutUntil = default;
        p.WaitChecksLeft = 0;
        ForgetMarginal(ref p);
        actions.Add(new(ActionKind.ReinstatePath, ActionReason.OperatorReinstatePath, LogSeverity.Notice, path));
        if (usableBefore == 0) _queueing.OnFirstPathBack(actions);
    }

    /// <summary>
    /// <c>switch map M group N</c>. Returns false for a group that does not exist. With sticky_switch_group the choice
    /// holds until the next checker-observed path change instead of being undone at the next check.
    /// </summary>
    public bool OperatorSwitchGroup(int group, List<EngineAction> actions)
    {
        if (group < 1 || group > _groupCount) return false;
        _failbackDeadline = null;
        _operatorHold = Policy.StickySwitchGroup;
        CurrentGroup = group;
        actions.Add(new(ActionKind.SwitchGroup, ActionReason.OperatorSwitchGroup, LogSeverity.Notice, Group: group));
        RecordSwitch(_time.GetUtcNow(), actions);
        return true;
    }

    /// <summary><c>disablequeueing map M</c>.</summary>
    public void OperatorDisableQueueing(List<EngineAction> actions) => _queueing.Disable(ActionReason.OperatorDisableQueueing, actions);

    /// <summary><c>restorequeueing map M</c>.</summary>
    public void OperatorRestoreQueueing(List<EngineAction> actions) =>
        _queueing.OperatorRestore(UsablePathCount > 0, _time.GetUtcNow(), actions);

    /// <summary>A path's device went away (uevent remove). The map must be reloaded without it.</summary>
    public void OnPathRemoved(int path, List<EngineAction> actions)
    {
        ref var p = ref _paths[path];
        if (p.Removed) return;
        var usableBefore = UsablePathCount;
        p.Removed = true;
        p.DmState = DmPathState.Undefined;
        actions.Add(new(ActionKind.ReloadMap, ActionReason.PathRemoved, LogSeverity.Notice, path));
        var now = _time.GetUtcNow();
        if (usableBefore > 0 && UsablePathCount == 0) _queueing.OnLastPathLost(now, actions);
        if (Policy.FlushOnLastDelete && Array.TrueForAll(_paths, x => x.Removed))
        {
            _queueing.Disable(ActionReason.LastPathRemovedFlush, actions);
        }
    }

    /// <summary>flush_on_last_del unused: the last path was removed and nothing has the map open, so queueing stops.</summary>
    public void OnLastPathDeletedUnused(List<EngineAction> actions) => _queueing.Disable(ActionReason.LastPathRemovedFlush, actions);

    /// <summary>
    /// reconfigure changed the map's settings (failback mode, intervals, no_path_retry, ...): decide by the new ones from
    /// now on and keep what is known of the paths. Queueing and switch histories restart only when their own settings
    /// changed; a pending deferred failback is re-planned by the next check; every path is due within the new interval.
    /// </summary>
    public void ApplyPolicy(MapPolicy policy)
    {
        if (policy == Policy) return;
        var old = Policy;
        Policy = policy;
        if (policy.NoPathRetry != old.NoPathRetry || policy.PollingInterval != old.PollingInterval)
            _queueing = new QueueingController(policy.NoPathRetry, policy.PollingInterval);
        if (policy.PingPongThreshold != old.PingPongThreshold) _switches = new SwitchHistory(Math.Max(1, policy.PingPongThreshold));
        if (policy.FailbackRateLimit != old.FailbackRateLimit) _failbacks = new SwitchHistory(Math.Max(1, policy.FailbackRateLimit));
        _failbackDeadline = null;
        var due = _time.GetUtcNow() + policy.PollingInterval;
        for (var i = 0; i < _paths.Length; i++)
        {
            ref var p = ref _paths[i];
            p.CheckInterval = policy.PollingInterval;
            if (p.NextCheck > due) p.NextCheck = due;
        }
    }

    /// <summary>
    /// The map was reloaded with a new layout (regrouped, or paths added/removed). Paths that stay keep their states;
    /// new ones start unchecked and active in the kernel, due for a check now.
    /// </summary>
    public void ApplyLayout(IReadOnlyList<EnginePathSpec> paths, int currentGroup)
    {
        LoadLayout(paths, keepState: true);
        CurrentGroup = Math.Clamp(currentGroup, 1, Math.Max(1, _groupCount));
        _failbackDeadline = null;
    }

    private void LoadLayout(IReadOnlyList<EnginePathSpec> specs, bool keepState)
    {
        var now = _time.GetUtcNow();
        var next = new PathRuntime[specs.Count];
        var groups = 0;
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            if (spec.Group < 1) throw new ArgumentException($"path {spec.Dev}: group must be 1-based", nameof(specs));
            groups = Math.Max(groups, spec.Group);
            var old = keepState ? IndexOf(spec.Dev) : -1;
            if (old >= 0 && !_paths[old].Removed)
            {
                next[i] = _paths[old];
            }
            else
            {
                next[i] = new PathRuntime
                {
                    Dev = spec.Dev,
                    State = CheckerState.Wild,
                    CheckerState = CheckerState.Wild,
                    DmState = DmPathState.Active,
                    CheckInterval = Policy.PollingInterval,
                    NextCheck = now,
                };
            }
            next[i].Group = spec.Group;
            next[i].Priority = spec.Priority;
        }
        _paths = next;
        _groupCount = groups;
    }
}
