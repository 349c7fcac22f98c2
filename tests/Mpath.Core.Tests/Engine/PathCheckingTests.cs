using Mpath.Core.Engine;
using Mpath.Core.Model;
using static Mpath.Core.Model.CheckerState;

namespace Mpath.Core.Tests.Engine;

public class PathCheckingTests
{
    private static EngineTimeline Map(MapPolicy? policy = null) =>
        EngineTimeline.TwoControllers(policy ?? EngineTimeline.Policy(Failback.Immediate)).AllUp();

    [Fact]
    public void Checker_down_fails_the_path_and_checker_up_reinstates_it()
    {
        var t = Map();
        t.At(5).Checker("sdb", Down);
        Assert.Equal(new EngineAction(ActionKind.FailPath, ActionReason.CheckerDown, LogSeverity.Notice, t.Index("sdb")), Assert.Single(t.Last));
        Assert.Equal(DmPathState.Failed, t.Engine.Path(t.Index("sdb")).DmState);
        t.At(10).Checker("sdb", Down);
        Assert.Empty(t.Last);
        t.At(15).Checker("sdb", Up);
        Assert.Equal(new EngineAction(ActionKind.ReinstatePath, ActionReason.CheckerUp, LogSeverity.Notice, t.Index("sdb")), Assert.Single(t.Last));
    }

    [Fact]
    public void Kernel_failure_changes_state_but_not_checker_state()
    {
        var t = Map();
        t.At(5).KernelFails("sda");
        ref readonly var p = ref t.Engine.Path(t.Index("sda"));
        Assert.Equal((Down, Up, DmPathState.Failed), (p.State, p.CheckerState, p.DmState));
        Assert.Contains(t.Last, a => a.Reason == ActionReason.KernelFailedPath);
    }

    [Fact]
    public void Checker_interval_doubles_while_up_up_to_the_maximum_and_resets_on_trouble()
    {
        var t = Map();
        var sda = t.Index("sda");
        var seen = new List<double>();
        for (var i = 1; i <= 4; i++)
        {
            t.After(1).Checker("sda", Up);
            seen.Add(t.Engine.Path(sda).CheckInterval.TotalSeconds);
        }
        Assert.Equal([10, 20, 20, 20], seen);
        t.After(1).Checker("sda", Down);
        Assert.Equal(5, t.Engine.Path(sda).CheckInterval.TotalSeconds);
        Assert.Equal(t.Clock.GetUtcNow() + TimeSpan.FromSeconds(5), t.Engine.NextCheckDue(sda));
    }

    [Fact]
    public void Pending_changes_nothing_and_asks_again_in_a_second()
    {
        var t = Map();
        t.At(5).Checker("sda", Pending);
        Assert.Empty(t.Last);
        Assert.Equal(Up, t.Engine.Path(t.Index("sda")).State);
        Assert.Equal(t.Clock.GetUtcNow() + TimeSpan.FromSeconds(1), t.Engine.NextCheckDue(t.Index("sda")));
    }

    [Fact]
    public void Timeout_counts_as_down()
    {
        var t = Map();
        t.At(5).Checker("sda", CheckerState.Timeout);
        Assert.Equal(ActionKind.FailPath, Assert.Single(t.Last).Kind);
    }

    [Fact]
    public void Kernel_failed_path_is_rechecked_within_one_polling_interval()
    {
        var t = Map();
        for (var i = 0; i < 3; i++) t.After(1).Checker("sda", Up);
        Assert.Equal(TimeSpan.FromSeconds(20), t.Engine.Path(t.Index("sda")).CheckInterval);
        t.After(1).KernelFails("sda");
        Assert.Equal(t.Clock.GetUtcNow() + TimeSpan.FromSeconds(5), t.Engine.NextCheckDue(t.Index("sda")));
    }

    [Fact]
    public void No_path_retry_counts_down_in_polling_intervals_then_disables_queueing_and_a_returning_path_restores_it()
    {
        var t = Map(EngineTimeline.Policy(Failback.Immediate, NoPathRetry.Times(3)));
        Assert.True(t.Engine.Queueing);
        t.At(10).Checkers(Down, "sda", "sdb", "sdc", "sdd");
        Assert.Contains(t.Last, a => a.Reason == ActionReason.AllPathsDownRetrying && a.Count == 15);
        Assert.Equal(t.Clock.GetUtcNow() + TimeSpan.FromSeconds(15), t.Engine.NextTimerDue);
        t.At(24).Timer();
        Assert.Empty(t.Last);
        t.At(25).Timer();
        Assert.Equal(ActionKind.DisableQueueing, Assert.Single(t.Last).Kind);
        Assert.False(t.Engine.Queueing);
        t.At(30).Checker("sdc", Up);
        Assert.Contains(t.Last, a => a.Kind == ActionKind.EnableQueueing);
        Assert.True(t.Engine.Queueing);
    }

    [Fact]
    public void No_path_retry_queue_never_disables_and_fail_never_queues()
    {
        var queue = Map(EngineTimeline.Policy(Failback.Immediate, NoPathRetry.Queue));
        queue.At(10).Checkers(Down, "sda", "sdb", "sdc", "sdd");
        queue.At(100000).Timer();
        Assert.DoesNotContain(queue.History, h => h.Action.Kind == ActionKind.DisableQueueing);
        Assert.Null(queue.Engine.NextTimerDue);

        var fail = Map(EngineTimeline.Policy(Failback.Immediate, NoPathRetry.Fail));
        Assert.False(fail.Engine.Queueing);
        fail.At(10).Checkers(Down, "sda", "sdb", "sdc", "sdd");
        Assert.Contains(fail.Last, a => a.Reason == ActionReason.AllPathsDownFailing);
        fail.At(20).Checker("sda", Up);
        Assert.DoesNotContain(fail.History, h => h.Action.Kind == ActionKind.EnableQueueing);
    }

    [Fact]
    public void Operator_disablequeueing_and_restorequeueing()
    {
        var t = Map();
        t.At(5).Step(t.Engine.OperatorDisableQueueing);
        Assert.Equal((ActionKind.DisableQueueing, ActionReason.OperatorDisableQueueing), (Assert.Single(t.Last).Kind, t.Last[0].Reason));
        t.At(6).Step(t.Engine.OperatorRestoreQueueing);
        Assert.Equal(ActionKind.EnableQueueing, Assert.Single(t.Last).Kind);
    }

    [Fact]
    public void Delayed_reinstate_waits_the_configured_good_checks_after_a_failure_while_watched()
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { DelayWatchChecks = 10, DelayWaitChecks = 3 };
        var t = new EngineTimeline(policy, ("sda", 1, 50), ("sdb", 1, 50)).AllUp();
        t.At(5).Checker("sda", Down);
        t.At(10).Checker("sda", Up);
        Assert.DoesNotContain(t.Last, a => a.Kind == ActionKind.ReinstatePath);
        Assert.Equal(Delayed, t.Engine.Path(t.Index("sda")).State);
        t.At(15).Checker("sda", Up);
        Assert.DoesNotContain(t.Last, a => a.Kind == ActionKind.ReinstatePath);
        t.At(20).Checker("sda", Up);
        Assert.Contains(t.Last, a => a.Kind == ActionKind.ReinstatePath);
        Assert.Equal(Up, t.Engine.Path(t.Index("sda")).State);
    }

    [Fact]
    public void Without_delay_settings_a_path_is_reinstated_at_once()
    {
        var t = new EngineTimeline(EngineTimeline.Policy(Failback.Immediate), ("sda", 1, 50), ("sdb", 1, 50)).AllUp();
        t.At(5).Checker("sda", Down);
        t.At(10).Checker("sda", Up);
        Assert.Contains(t.Last, a => a.Kind == ActionKind.ReinstatePath);
    }

    [Fact]
    public void Flaky_path_that_fails_again_soon_after_reinstatement_is_held_out()
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { FlakyPathWindow = TimeSpan.FromSeconds(60), FlakyPathHold = TimeSpan.FromSeconds(120) };
        var t = new EngineTimeline(policy, ("sda", 1, 50), ("sdb", 1, 50)).AllUp();
        t.At(100).Checker("sda", Down);
        t.At(105).Checker("sda", Up);
        t.At(110).Checker("sda", Down);
        Assert.Contains(t.Last, a => a.Reason == ActionReason.FlakyPathHeldOut && a.Count == 120);
        t.At(115).Checker("sda", Up);
        Assert.DoesNotContain(t.Last, a => a.Kind == ActionKind.ReinstatePath);
        t.At(231).Checker("sda", Up);
        Assert.Contains(t.Last, a => a.Kind == ActionKind.ReinstatePath);
    }

    [Fact]
    public void San_path_err_threshold_holds_a_path_out_for_the_recovery_time()
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { SanPathErrThreshold = 2, SanPathErrForgetRate = 100, SanPathErrRecoveryTime = TimeSpan.FromSeconds(60) };
        var t = new EngineTimeline(policy, ("sda", 1, 50), ("sdb", 1, 50)).AllUp();
        t.At(10).Checker("sda", Down);
        t.At(15).Checker("sda", Up);
        Assert.Contains(t.Last, a => a.Kind == ActionKind.ReinstatePath);
        t.At(20).Checker("sda", Down);
        Assert.Contains(t.Last, a => a.Reason == ActionReason.FlakyPathHeldOut);
        t.At(25).Checker("sda", Up);
        Assert.DoesNotContain(t.Last, a => a.Kind == ActionKind.ReinstatePath);
        t.At(81).Checker("sda", Up);
        Assert.Contains(t.Last, a => a.Kind == ActionKind.ReinstatePath);
    }

    [Fact]
    public void Path_removal_reloads_and_flush_on_last_del_stops_queueing()
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { FlushOnLastDelete = true };
        var t = new EngineTimeline(policy, ("sda", 1, 50), ("sdb", 1, 50)).AllUp();
        t.At(5).Step(a => t.Engine.OnPathRemoved(t.Index("sda"), a));
        Assert.Equal(ActionKind.ReloadMap, Assert.Single(t.Last).Kind);
        t.At(6).Step(a => t.Engine.OnPathRemoved(t.Index("sdb"), a));
        Assert.Contains(t.Last, a => a is { Kind: ActionKind.DisableQueueing, Reason: ActionReason.LastPathRemovedFlush });
    }

    [Fact]
    public void Operator_fail_is_undone_by_the_next_good_check_and_switch_rejects_missing_groups()
    {
        var t = Map();
        t.At(5).Step(a => t.Engine.OperatorFailPath(t.Index("sdc"), a));
        Assert.Equal(ActionKind.FailPath, Assert.Single(t.Last).Kind);
        t.At(10).Checker("sdc", Up);
        Assert.Contains(t.Last, a => a.Kind == ActionKind.ReinstatePath);
        var actions = new List<EngineAction>();
        Assert.False(t.Engine.OperatorSwitchGroup(3, actions));
        Assert.False(t.Engine.OperatorSwitchGroup(0, actions));
        Assert.Empty(actions);
    }
}
