using Mpath.Core.Model;

namespace Mpath.Core.Engine;

/// <summary>
/// marginal_path_* ("I/O error statistics"): a path that fails twice within marginal_path_double_failed_time is
/// suspect. When its checker next says it is up, it is not reinstated; the adapter samples it with direct reads for
/// marginal_path_err_sample_time instead. An error rate (per thousand reads) within marginal_path_err_rate_threshold
/// lets it back at the next check; a higher one keeps it failed for marginal_path_err_recheck_gap_time, after which it
/// is sampled again. A suspect path is never kept out when the map has no other usable path. While kept out its state
/// is <see cref="CheckerState.Delayed"/> and its checker state is left alone, so followover sees the real down-to-up
/// transition when it is finally let back.
/// </summary>
public sealed partial class MapEngine
{
    /// <summary>Counts a failure (good to bad) for marginal_path detection; the second within the window makes the path suspect.</summary>
    private void NoteMarginalFailure(ref PathRuntime p, DateTimeOffset now, int path, List<EngineAction> actions)
    {
        if (p.Marginal != MarginalPhase.None) return;
        if (p.MarginalFailures == 0 || now - p.MarginalWindowStart > Policy.MarginalPathDoubleFailedTime)
        {
            p.MarginalFailures = 1;
            p.MarginalWindowStart = now;
            return;
        }
        p.MarginalFailures = 0;
        p.Marginal = MarginalPhase.AwaitingSample;
        // Sample as soon as the checker finds it up again.
        p.MarginalSampleDue = now;
        actions.Add(new(ActionKind.Log, ActionReason.MarginalPathSuspected, LogSeverity.Warning, path, Count: (int)Policy.MarginalPathDoubleFailedTime.TotalSeconds));
    }

    /// <summary>
    /// The checker found a suspect path usable. Returns true when the path stays out (it is then
    /// <see cref="CheckerState.Delayed"/>), starting a sample if one is due; false when it may be reinstated as usual.
    /// </summary>
    private bool KeepMarginalPathOut(ref PathRuntime p, DateTimeOffset now, int path, List<EngineAction> actions)
    {
        if (UsablePathCount == 0)
        {
            ForgetMarginal(ref p);
            actions.Add(new(ActionKind.Log, ActionReason.MarginalPathOnlyPath, LogSeverity.Notice, path));
            return false;
        }
        if (p.Marginal == MarginalPhase.AwaitingSample && now >= p.MarginalSampleDue)
        {
            p.Marginal = MarginalPhase.Sampling;
            actions.Add(new(ActionKind.SampleIo, ActionReason.MarginalPathSampling, LogSeverity.Notice, path, Count: (int)Policy.MarginalPathErrSampleTime.TotalSeconds));
        }
        p.State = CheckerState.Delayed;
        return true;
    }

    /// <summary>
    /// The result of the sample a <see cref="ActionKind.SampleIo"/> action asked for: <paramref name="reads"/> direct
    /// reads, <paramref name="errors"/> of which failed or timed out. A result for a path that is no longer being
    /// sampled (operator reinstated it, map reloaded) is ignored.
    /// </summary>
    public void OnIoSampleResult(int path, int reads, int errors, List<EngineAction> actions)
    {
        ref var p = ref _paths[path];
        if (p.Removed || p.Marginal != MarginalPhase.Sampling) return;
        var now = _time.GetUtcNow();
        var perThousand = reads <= 0 ? 0 : Math.Clamp(errors, 0, reads) * 1000.0 / reads;
        if (perThousand <= Policy.MarginalPathErrRateThreshold)
        {
            LetBack(ref p, now);
            actions.Add(new(ActionKind.Log, ActionReason.MarginalPathSampleGood, LogSeverity.Notice, path, Count: (int)Math.Floor(perThousand)));
            return;
        }
        if (UsablePathCount == 0)
        {
            LetBack(ref p, now);
            actions.Add(new(ActionKind.Log, ActionReason.MarginalPathOnlyPath, LogSeverity.Notice, path));
            return;
        }
        p.Marginal = MarginalPhase.AwaitingSample;
        p.MarginalSampleDue = now + Policy.MarginalPathErrRecheckGapTime;
        actions.Add(new(ActionKind.Log, ActionReason.MarginalPathSampleBad, LogSeverity.Warning, path, Count: (int)Math.Ceiling(perThousand)));
    }

    /// <summary>The adapter could not sample the path (cannot open it, no memory): it is not kept out on a guess.</summary>
    public void OnIoSampleFailed(int path, List<EngineAction> actions)
    {
        ref var p = ref _paths[path];
        if (p.Removed || p.Marginal != MarginalPhase.Sampling) return;
        LetBack(ref p, _time.GetUtcNow());
        actions.Add(new(ActionKind.Log, ActionReason.MarginalPathSampleFailed, LogSeverity.Warning, path));
    }

    /// <summary>True while the path is suspect or being sampled (it then shows as delayed).</summary>
    public bool IsMarginal(int path) => _paths[path].Marginal != MarginalPhase.None;

    /// <summary>Ends suspicion and checks the path at once, so the checker (not this decision) reinstates it.</summary>
    private static void LetBack(ref PathRuntime p, DateTimeOffset now)
    {
        ForgetMarginal(ref p);
        p.NextCheck = now;
    }

    private static void ForgetMarginal(ref PathRuntime p)
    {
        p.Marginal = MarginalPhase.None;
        p.MarginalFailures = 0;
    }
}
