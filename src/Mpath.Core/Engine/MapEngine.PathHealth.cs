namespace Mpath.Core.Engine;

public sealed partial class MapEngine
{
    /// <summary>
    /// Called when a usable path stops being usable (checker or kernel). Arms delayed reinstate when the path was
    /// being watched, and holds out paths that fail too often (marginal_path_*, flaky_path_* and san_path_err_*).
    /// </summary>
    private void NoteFailure(ref PathRuntime p, DateTimeOffset now, int path, List<EngineAction> actions)
    {
        if (Policy.MarginalPathCheckEnabled) NoteMarginalFailure(ref p, now, path, actions);
        if (Policy.DelayWatchChecks > 0 && Policy.DelayWaitChecks > 0 && p.WatchChecksLeft > 0)
        {
            p.WaitChecksLeft = Policy.DelayWaitChecks;
        }
        if (Policy.FlakyPathWindow > TimeSpan.Zero && p.LastReinstated != default && now - p.LastReinstated <= Policy.FlakyPathWindow)
        {
            HoldOut(ref p, now, Policy.FlakyPathHold, path, actions);
            return;
        }
        if (Policy.SanPathErrThreshold > 0)
        {
            p.ErrorCount++;
            p.GoodChecksSinceForget = 0;
            if (p.ErrorCount >= Policy.SanPathErrThreshold)
            {
                p.ErrorCount = 0;
                HoldOut(ref p, now, Policy.SanPathErrRecoveryTime, path, actions);
            }
        }
    }

    private static void HoldOut(ref PathRuntime p, DateTimeOffset now, TimeSpan hold, int path, List<EngineAction> actions)
    {
        if (hold <= TimeSpan.Zero) return;
        p.HeldOutUntil = now + hold;
        actions.Add(new(ActionKind.Log, ActionReason.FlakyPathHeldOut, LogSeverity.Warning, path, Count: (int)hold.TotalSeconds));
    }

    /// <summary>
    /// delay_wait_checks: a path that failed while watched must stay up for that many checks before reinstatement.
    /// Returns true while the path is still waiting (its state is then <see cref="Model.CheckerState.Delayed"/>).
    /// </summary>
    private bool ShouldDelayReinstate(ref PathRuntime p, List<EngineAction> actions, int path)
    {
        if (p.WaitChecksLeft <= 0)
        {
            if (Policy.DelayWatchChecks > 0) p.WatchChecksLeft = Policy.DelayWatchChecks;
            return false;
        }
        var first = p.State != Model.CheckerState.Delayed;
        p.WaitChecksLeft--;
        if (p.WaitChecksLeft > 0)
        {
            p.State = Model.CheckerState.Delayed;
            if (first) actions.Add(new(ActionKind.Log, ActionReason.DelayedReinstateWaiting, LogSeverity.Notice, path, Count: p.WaitChecksLeft));
            return true;
        }
        actions.Add(new(ActionKind.Log, ActionReason.DelayedReinstateDone, LogSeverity.Info, path));
        p.WatchChecksLeft = Policy.DelayWatchChecks;
        return false;
    }

    /// <summary>A good check: age the watch window and forget san_path_err failures at the forget rate.</summary>
    private void ForgetErrors(ref PathRuntime p)
    {
        if (p.WatchChecksLeft > 0) p.WatchChecksLeft--;
        if (Policy.SanPathErrForgetRate <= 0 || p.ErrorCount == 0) return;
        if (++p.GoodChecksSinceForget >= Policy.SanPathErrForgetRate)
        {
            p.GoodChecksSinceForget = 0;
            p.ErrorCount--;
        }
    }
}
