using Mpath.Core.Model;

namespace Mpath.Core.Engine;

public sealed partial class MapEngine
{
    /// <summary>
    /// Whether a check of <paramref name="path"/> giving <paramref name="result"/> and <paramref name="priority"/>
    /// would change nothing but the time of the path's next check (now + its interval) and decide nothing, now and at
    /// any later time, for as long as the engine hears nothing else. A caller that runs very many checks (the SAN
    /// simulator) may then skip reporting such checks and tell <see cref="OnSteadyChecksSkipped"/> instead.
    /// </summary>
    /// <remarks>
    /// Mirrors <see cref="OnCheckerResult"/> branch by branch and answers false wherever a check could act, change a
    /// counter, or behave differently later (a held-out path's hold ends; a rate-limited failback's warning window
    /// passes). Nothing here depends on the time except the hold, which only runs out.
    /// </remarks>
    public bool IsSteadyCheck(int path, CheckerState result, int priority)
    {
        ref readonly var p = ref _paths[path];
        if (p.Removed) return false;
        if (result == CheckerState.Timeout) result = CheckerState.Down;
        if (result is CheckerState.Pending or CheckerState.Wild or CheckerState.Unchecked) return false;
        if (result != p.State || result != p.CheckerState) return false;
        if (priority >= 0 && priority != p.Priority) return false;
        if (!result.IsUsable()) return p.CheckInterval == Policy.PollingInterval;

        if (IsHeldOut(in p, _time.GetUtcNow()) || p.DmState != DmPathState.Active) return false;
        var doubled = p.CheckInterval + p.CheckInterval;
        if ((doubled > Policy.MaxPollingInterval ? Policy.MaxPollingInterval : doubled) != p.CheckInterval) return false;
        // ForgetErrors must have nothing left to count.
        if (p.WatchChecksLeft > 0 || Policy.SanPathErrForgetRate > 0 && p.ErrorCount > 0) return false;
        return !FailbackCouldAct();
    }

    /// <summary>
    /// The caller did not report checks of <paramref name="path"/> that <see cref="IsSteadyCheck"/> said would change
    /// nothing; the last of them ran at <paramref name="lastCheck"/>. Sets the path's next check where reporting them
    /// would have left it.
    /// </summary>
    public void OnSteadyChecksSkipped(int path, DateTimeOffset lastCheck)
    {
        ref var p = ref _paths[path];
        p.NextCheck = lastCheck + p.CheckInterval;
    }

    /// <summary>Whether <see cref="ConsiderFailback"/> could act on a check that brings no path up.</summary>
    private bool FailbackCouldAct()
    {
        var mode = Policy.Failback.Mode;
        if (mode is FailbackMode.Manual or FailbackMode.Followover || _operatorHold) return false;
        var best = SelectBestGroup();
        if (best == CurrentGroup || !GroupHasUsablePath(best)) return false;
        // Immediate would switch (or be rate limited, which depends on the time); deferred arms its countdown once.
        return mode == FailbackMode.Immediate || _failbackDeadline is null;
    }
}
