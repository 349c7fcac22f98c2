using CsCheck;
using Mpath.Core.Engine;
using Mpath.Core.Model;
using static Mpath.Core.Model.CheckerState;

namespace Mpath.Core.Tests.Engine;

/// <summary>marginal_path_*: suspicion on a double failure, sampling, and the reinstate / keep-out decision.</summary>
public class MarginalPathTests
{
    /// <summary>double_failed_time 60 s, sample 120 s, threshold 5/1000, recheck gap 300 s.</summary>
    private static MapPolicy Policy(Failback? failback = null) => EngineTimeline.Policy(failback ?? Failback.Immediate) with
    {
        MarginalPathDoubleFailedTime = TimeSpan.FromSeconds(60),
        MarginalPathErrSampleTime = TimeSpan.FromSeconds(120),
        MarginalPathErrRateThreshold = 5,
        MarginalPathErrRecheckGapTime = TimeSpan.FromSeconds(300),
    };

    private static EngineTimeline TwoPaths(MapPolicy? policy = null) =>
        new EngineTimeline(policy ?? Policy(), ("sda", 1, 50), ("sdb", 1, 50)).AllUp();

    /// <summary>sda fails at 10 s and again at 20 s (kernel I/O errors), then its checker says up at 25 s.</summary>
    private static EngineTimeline SuspectSdaAndBringItUp(EngineTimeline t)
    {
        t.At(10).KernelFails("sda");
        t.At(15).Checker("sda", Up);
        t.At(20).KernelFails("sda");
        Assert.Contains(t.Last, a => a is { Reason: ActionReason.MarginalPathSuspected, Count: 60 });
        t.At(25).Checker("sda", Up);
        return t;
    }

    private static IEnumerable<EngineAction> Reinstates(EngineTimeline t, string dev) =>
        t.Last.Where(a => a.Kind == ActionKind.ReinstatePath && a.Path == t.Index(dev));

    [Fact]
    public void All_four_settings_and_a_long_enough_sample_time_turn_it_on()
    {
        Assert.True(Policy().MarginalPathCheckEnabled);
        Assert.False((Policy() with { MarginalPathErrSampleTime = TimeSpan.FromSeconds(119) }).MarginalPathCheckEnabled);
        Assert.False((Policy() with { MarginalPathErrRateThreshold = 0 }).MarginalPathCheckEnabled);
        Assert.False((Policy() with { MarginalPathErrRecheckGapTime = TimeSpan.Zero }).MarginalPathCheckEnabled);
        Assert.False((Policy() with { MarginalPathDoubleFailedTime = TimeSpan.Zero }).MarginalPathCheckEnabled);
    }

    [Fact]
    public void A_second_failure_within_the_window_makes_the_path_suspect_and_starts_a_sample_when_it_comes_up()
    {
        var t = SuspectSdaAndBringItUp(TwoPaths());
        var sample = Assert.Single(t.Last, a => a.Kind == ActionKind.SampleIo);
        Assert.Equal((t.Index("sda"), 120, ActionReason.MarginalPathSampling), (sample.Path, sample.Count, sample.Reason));
        Assert.Empty(Reinstates(t, "sda"));
        Assert.Equal(Delayed, t.Engine.Path(t.Index("sda")).State);
        Assert.True(t.Engine.IsMarginal(t.Index("sda")));
        // Checks during the sample keep it out and do not start a second sample.
        t.At(30).Checker("sda", Up);
        Assert.DoesNotContain(t.Last, a => a.Kind is ActionKind.SampleIo or ActionKind.ReinstatePath);
    }

    [Fact]
    public void Failures_further_apart_than_the_window_are_not_suspicious()
    {
        var t = TwoPaths();
        t.At(10).KernelFails("sda");
        t.At(15).Checker("sda", Up);
        t.At(80).KernelFails("sda");
        Assert.DoesNotContain(t.Last, a => a.Reason == ActionReason.MarginalPathSuspected);
        t.At(85).Checker("sda", Up);
        Assert.Single(Reinstates(t, "sda"));
        // The failure at 80 s opened a new window: one more within 60 s is the double failure.
        t.At(100).Checker("sda", Down);
        Assert.Contains(t.Last, a => a.Reason == ActionReason.MarginalPathSuspected);
    }

    [Fact]
    public void A_good_sample_lets_the_path_back_at_the_next_check_which_is_due_at_once()
    {
        var t = SuspectSdaAndBringItUp(TwoPaths());
        t.At(145).Step(a => t.Engine.OnIoSampleResult(t.Index("sda"), reads: 1000, errors: 5, a));
        Assert.Contains(t.Last, a => a is { Reason: ActionReason.MarginalPathSampleGood, Count: 5 });
        Assert.Equal(t.Clock.GetUtcNow(), t.Engine.NextCheckDue(t.Index("sda")));
        t.Checker("sda", Up);
        Assert.Single(Reinstates(t, "sda"));
        Assert.False(t.Engine.IsMarginal(t.Index("sda")));
    }

    [Fact]
    public void A_bad_sample_keeps_the_path_failed_for_the_recheck_gap_then_samples_again()
    {
        var t = SuspectSdaAndBringItUp(TwoPaths());
        t.At(145).Step(a => t.Engine.OnIoSampleResult(t.Index("sda"), reads: 1000, errors: 6, a));
        Assert.Contains(t.Last, a => a is { Reason: ActionReason.MarginalPathSampleBad, Count: 6 });
        t.At(150).Checker("sda", Up);
        t.At(440).Checker("sda", Up);
        Assert.DoesNotContain(t.History, h => h.At > 145 && h.Action.Kind is ActionKind.SampleIo or ActionKind.ReinstatePath);
        t.At(445).Checker("sda", Up);
        Assert.Single(t.Last, a => a.Kind == ActionKind.SampleIo);
        Assert.Empty(Reinstates(t, "sda"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_marginal_path_is_let_back_when_the_map_has_no_other_usable_path(bool afterBadSample)
    {
        var t = SuspectSdaAndBringItUp(TwoPaths());
        t.At(30).Checker("sdb", Down);
        if (afterBadSample) t.At(145).Step(a => t.Engine.OnIoSampleResult(t.Index("sda"), reads: 1000, errors: 900, a));
        else t.At(35).Checker("sda", Up);
        Assert.Contains(t.Last, a => a.Reason == ActionReason.MarginalPathOnlyPath);
        if (afterBadSample) t.Checker("sda", Up);
        Assert.Single(Reinstates(t, "sda"));
    }

    [Fact]
    public void A_failed_sample_does_not_keep_the_path_out_and_stale_results_are_ignored()
    {
        var t = SuspectSdaAndBringItUp(TwoPaths());
        t.At(26).Step(a => t.Engine.OnIoSampleFailed(t.Index("sda"), a));
        Assert.Contains(t.Last, a => a.Reason == ActionReason.MarginalPathSampleFailed);
        t.Step(a => t.Engine.OnIoSampleResult(t.Index("sda"), reads: 10, errors: 10, a));
        Assert.Empty(t.Last);
        t.Checker("sda", Up);
        Assert.Single(Reinstates(t, "sda"));
    }

    [Fact]
    public void Operator_reinstate_ends_the_suspicion()
    {
        var t = SuspectSdaAndBringItUp(TwoPaths());
        t.At(30).Step(a => t.Engine.OperatorReinstatePath(t.Index("sda"), a));
        Assert.False(t.Engine.IsMarginal(t.Index("sda")));
        t.Step(a => t.Engine.OnIoSampleResult(t.Index("sda"), reads: 10, errors: 10, a));
        Assert.Empty(t.Last);
    }

    [Fact]
    public void Followover_sees_the_checker_down_to_up_transition_only_when_the_marginal_path_is_let_back()
    {
        // sda alone in the preferred group 1; the map runs on group 2 while sda is marginal.
        var t = new EngineTimeline(Policy(Failback.Followover), ("sda", 1, 50), ("sdc", 2, 10)).AllUp();
        t.At(10).Checker("sda", Down);
        t.At(11).KernelSwitches(2);
        t.At(15).Checker("sda", Up);
        t.At(20).Checker("sda", Down);
        Assert.Contains(t.Last, a => a.Reason == ActionReason.MarginalPathSuspected);
        t.At(21).KernelSwitches(2);
        t.At(25).Checker("sda", Up);
        Assert.DoesNotContain(t.Last, a => a.Kind == ActionKind.SwitchGroup);
        t.At(145).Step(a => t.Engine.OnIoSampleResult(t.Index("sda"), reads: 1200, errors: 0, a));
        t.Checker("sda", Up);
        Assert.Contains(t.Last, a => a is { Kind: ActionKind.SwitchGroup, Reason: ActionReason.FailbackFollowover, Group: 1 });
    }

    private enum Input { CheckerUp, CheckerDown, KernelFail, SampleGood, SampleBad, SampleFailed }

    /// <summary>
    /// For any history: a path is reinstated only by a checker result, never while it is marginal with another usable
    /// path in the map, and a sample is started only for a path the checker just found usable.
    /// </summary>
    [Fact]
    public void A_marginal_path_is_never_reinstated_while_another_path_is_usable() =>
        Gen.Select(Gen.Double[0, 200], Gen.Enum<Input>(), Gen.Int[0, 2], (d, i, p) => (Delay: d, Input: i, Path: p)).Array[1, 60]
            .Sample(events =>
            {
                var t = new EngineTimeline(Policy(), ("sda", 1, 50), ("sdb", 1, 50), ("sdc", 2, 10)).AllUp();
                foreach (var (delay, input, path) in events)
                {
                    t.After(delay);
                    var marginalBefore = t.Engine.IsMarginal(path);
                    var othersUsable = Enumerable.Range(0, 3).Count(i => i != path && t.Engine.Path(i).State.IsUsable());
                    t.Step(a =>
                    {
                        switch (input)
                        {
                            case Input.CheckerUp: t.Engine.OnCheckerResult(path, Up, -1, a); break;
                            case Input.CheckerDown: t.Engine.OnCheckerResult(path, Down, -1, a); break;
                            case Input.KernelFail: t.Engine.OnKernelPathFailed(path, a); break;
                            case Input.SampleGood: t.Engine.OnIoSampleResult(path, 1000, 0, a); break;
                            case Input.SampleBad: t.Engine.OnIoSampleResult(path, 1000, 500, a); break;
                            default: t.Engine.OnIoSampleFailed(path, a); break;
                        }
                    });
                    foreach (var a in t.Last.Where(a => a.Kind == ActionKind.ReinstatePath))
                    {
                        Assert.Equal(Input.CheckerUp, input);
                        Assert.False(marginalBefore && othersUsable > 0, "reinstated a marginal path although another path was usable");
                    }
                    foreach (var a in t.Last.Where(a => a.Kind == ActionKind.SampleIo))
                    {
                        Assert.Equal((Input.CheckerUp, path), (input, a.Path));
                        Assert.Equal(Delayed, t.Engine.Path(path).State);
                    }
                }
            }, iter: 2000);
}
