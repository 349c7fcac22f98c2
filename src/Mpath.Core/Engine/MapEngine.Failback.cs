using Mpath.Core.Topology.Grouping;
using Mpath.Core.Model;

namespace Mpath.Core.Engine;

public sealed partial class MapEngine
{
    /// <summary>
    /// The best path group as multipath-tools chooses it (<see cref="BestGroupSelector"/>): the highest average
    /// priority over usable paths, ties broken by more usable paths, then by the lower index.
    /// </summary>
    public int SelectBestGroup()
    {
        Span<int> sum = _groupCount <= 64 ? stackalloc int[_groupCount] : new int[_groupCount];
        Span<int> enabled = _groupCount <= 64 ? stackalloc int[_groupCount] : new int[_groupCount];
        foreach (ref readonly var p in _paths.AsSpan())
        {
            if (!IsUsable(in p)) continue;
            sum[p.Group - 1] += p.Priority;
            enabled[p.Group - 1]++;
        }
        Span<PathGroupStanding> standings = _groupCount <= 64 ? stackalloc PathGroupStanding[_groupCount] : new PathGroupStanding[_groupCount];
        for (var g = 0; g < _groupCount; g++)
        {
            standings[g] = new(enabled[g] == 0 ? 0 : sum[g] / enabled[g], enabled[g], Marginal: false);
        }
        return BestGroupSelector.Select(standings);
    }

    /// <summary>Average priority of the usable paths of a group (0 when none is usable), as <c>show topology</c> prints it.</summary>
    public int GroupPriority(int group)
    {
        int sum = 0, n = 0;
        foreach (ref readonly var p in _paths.AsSpan())
        {
            if (p.Group != group || !IsUsable(in p)) continue;
            sum += p.Priority;
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    public bool GroupHasUsablePath(int group)
    {
        foreach (ref readonly var p in _paths.AsSpan())
        {
            if (p.Group == group && IsUsable(in p)) return true;
        }
        return false;
    }

    private void ConsiderFailback(int path, bool newPathUp, bool checkerNewPathUp, DateTimeOffset now, List<EngineAction> actions)
    {
        var failback = Policy.Failback;
        if (failback.Mode == FailbackMode.Manual || _operatorHold) return;
        // Followover acts only on a path the checker saw come up; returning before the group scan keeps the steady-state
        // check (every check of every path) cheap, which large simulated SANs need.
        if (failback.Mode == FailbackMode.Followover && !checkerNewPathUp) return;
        var best = SelectBestGroup();
        if (best == CurrentGroup || !GroupHasUsablePath(best)) return;
        switch (failback.Mode)
        {
            case FailbackMode.Immediate:
                TrySwitch(best, ActionReason.FailbackImmediate, path, now, actions);
                break;
            case FailbackMode.Deferred:
                // A path coming up restarts the countdown, as multipathd does; otherwise arm it once.
                if (newPathUp || _failbackDeadline is null)
                {
                    _failbackDeadline = now + TimeSpan.FromSeconds(failback.DeferSeconds);
                    actions.Add(new(ActionKind.Log, ActionReason.FailbackDeferredArmed, LogSeverity.Info, path, best, failback.DeferSeconds));
                }
                break;
            case FailbackMode.Followover:
                if (checkerNewPathUp && _paths[path].Group == best && RestOfGroupDownPerChecker(path))
                {
                    TrySwitch(best, ActionReason.FailbackFollowover, path, now, actions);
                }
                break;
        }
    }

    /// <summary>
    /// The regroup a priority change asked for (<see cref="ActionReason.PriorityChanged"/>) left the map's table as it
    /// was: the groups kept their order, so no reload chose the best group for us. Under failback immediate the check
    /// that saw the change skipped its failback decision while the regroup was pending; it is taken now, or a better
    /// group would wait a whole checker interval (an ALUA path whose state changes also changes its priority).
    /// </summary>
    public void OnRegroupKeptTable(List<EngineAction> actions)
    {
        if (Policy.Failback.Mode != FailbackMode.Immediate || _operatorHold) return;
        var best = SelectBestGroup();
        if (best == CurrentGroup || !GroupHasUsablePath(best)) return;
        TrySwitch(best, ActionReason.FailbackImmediate, -1, _time.GetUtcNow(), actions);
    }

    /// <summary>Followover's condition: every other path of the path's group is down or shaky per the checker.</summary>
    private bool RestOfGroupDownPerChecker(int path)
    {
        var group = _paths[path].Group;
        for (var i = 0; i < _paths.Length; i++)
        {
            ref readonly var other = ref _paths[i];
            if (i == path || other.Group != group || other.Removed) continue;
            if (other.CheckerState is not (CheckerState.Down or CheckerState.Shaky)) return false;
        }
        return true;
    }

    private void TrySwitch(int group, ActionReason reason, int path, DateTimeOffset now, List<EngineAction> actions)
    {
        if (Policy.FailbackRateLimit > 0)
        {
            var recent = _failbacks.CountWithin(now, Policy.FailbackRateWindow);
            if (recent >= Policy.FailbackRateLimit)
            {
                if (now - _lastRateLimitWarning > Policy.FailbackRateWindow)
                {
                    _lastRateLimitWarning = now;
                    actions.Add(new(ActionKind.Log, ActionReason.FailbackRateLimited, LogSeverity.Warning, path, group, recent));
                }
                return;
            }
            _failbacks.Record(now);
        }
        CurrentGroup = group;
        actions.Add(new(ActionKind.SwitchGroup, reason, LogSeverity.Notice, path, group));
        RecordSwitch(now, actions);
    }

    /// <summary>Feeds the ping-pong detector with every group change, whoever made it.</summary>
    private void RecordSwitch(DateTimeOffset now, List<EngineAction> actions)
    {
        if (Policy.PingPongThreshold <= 0) return;
        _switches.Record(now);
        var recent = _switches.CountWithin(now, Policy.PingPongWindow);
        if (recent >= Policy.PingPongThreshold && now - _lastPingPongWarning > Policy.PingPongWindow)
        {
            _lastPingPongWarning = now;
            actions.Add(new(ActionKind.Log, ActionReason.PingPongSuspected, LogSeverity.Warning, Count: recent));
        }
    }
}
