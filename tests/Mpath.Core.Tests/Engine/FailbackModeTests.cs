using Mpath.Core.Engine;
using Mpath.Core.Model;
using static Mpath.Core.Model.CheckerState;

namespace Mpath.Core.Tests.Engine;

/// <summary>The seed scenario (DESIGN.md §1) seen from one host, for every failback mode.</summary>
public class FailbackModeTests
{
    /// <summary>
    /// A healthy host while another host pulled the LUN to controller B: its I/O to A failed in the kernel, the kernel
    /// moved to group 2, and its checker now sees A's paths as ghost (standby).
    /// </summary>
    private static EngineTimeline HealthyHostAfterTrespass(Failback failback)
    {
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(failback)).AllUp();
        t.At(60).KernelFails("sda", "sdb").KernelSwitches(2);
        t.At(65).Checkers(Ghost, "sda", "sdb").Checkers(Up, "sdc", "sdd");
        return t;
    }

    [Fact]
    public void Followover_does_not_fail_back_after_kernel_reported_failures()
    {
        var t = HealthyHostAfterTrespass(Failback.Followover);
        Assert.Empty(t.Switches);
        Assert.Equal(2, t.Engine.CurrentGroup);
        // The kernel-failed paths were reinstated (their checker says ghost), but followover stays on B.
        Assert.Equal(2, t.History.Count(h => h.Action is { Kind: ActionKind.ReinstatePath, Reason: ActionReason.CheckerUpAfterKernelFailure }));
        Assert.Equal(Ghost, t.Engine.Path(t.Index("sda")).CheckerState);
        Assert.Equal(Ghost, t.Engine.Path(t.Index("sda")).State);
    }

    [Fact]
    public void Immediate_fails_back_as_soon_as_the_preferred_group_is_usable_again_which_is_the_ping_pong()
    {
        var t = HealthyHostAfterTrespass(Failback.Immediate);
        var sw = Assert.Single(t.Switches);
        Assert.Equal(1, sw.Group);
        Assert.Equal(ActionReason.FailbackImmediate, sw.Reason);
        Assert.Equal(65, t.History.First(h => h.Action.Kind == ActionKind.SwitchGroup).At);
    }

    [Fact]
    public void A_reconfigured_failback_mode_takes_effect_on_the_running_engine()
    {
        // The administrator ends a ping-pong by switching immediate -> followover and running reconfigure.
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(Failback.Immediate)).AllUp();
        t.Engine.ApplyPolicy(EngineTimeline.Policy(Failback.Followover));
        t.At(60).KernelFails("sda", "sdb").KernelSwitches(2);
        t.At(65).Checkers(Ghost, "sda", "sdb").Checkers(Up, "sdc", "sdd");
        Assert.Empty(t.Switches);
        Assert.Equal(FailbackMode.Followover, t.Engine.Policy.Failback.Mode);
        // and back: immediate fails back at the next check of the preferred group.
        t.Engine.ApplyPolicy(EngineTimeline.Policy(Failback.Immediate));
        t.At(70).Checkers(Ghost, "sda", "sdb");
        Assert.Equal(1, Assert.Single(t.Switches).Group);
    }

    [Fact]
    public void Manual_never_switches()
    {
        var t = HealthyHostAfterTrespass(Failback.Manual);
        t.At(400).Checkers(Up, "sda", "sdb");
        t.At(1000).Timer();
        Assert.Empty(t.Switches);
        Assert.Equal(2, t.Engine.CurrentGroup);
    }

    [Fact]
    public void Deferred_waits_its_seconds_then_switches()
    {
        var t = HealthyHostAfterTrespass(Failback.Deferred(30));
        Assert.Empty(t.Switches);
        Assert.Contains(t.History, h => h.Action.Reason == ActionReason.FailbackDeferredArmed);
        Assert.Equal(t.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), t.Engine.NextTimerDue);
        t.At(94).Timer();
        Assert.Empty(t.Switches);
        t.At(95).Timer();
        var sw = Assert.Single(t.Switches);
        Assert.Equal((1, ActionReason.FailbackDeferredExpired), (sw.Group, sw.Reason));
        Assert.Null(t.Engine.NextTimerDue);
    }

    [Fact]
    public void Deferred_countdown_restarts_when_another_path_comes_up()
    {
        var t = HealthyHostAfterTrespass(Failback.Deferred(30));
        t.At(80).KernelFails("sda");
        t.At(85).Checker("sda", Ghost);
        t.At(95).Timer();
        Assert.Empty(t.Switches);
        t.At(115).Timer();
        Assert.Single(t.Switches);
    }

    /// <summary>The broken host: its own paths to A went down per the checker; when they are repaired it fails back.</summary>
    [Fact]
    public void Followover_fails_back_when_a_path_of_the_best_group_returns_after_the_group_was_down_per_checker()
    {
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(Failback.Followover)).AllUp();
        t.At(60).KernelFails("sda", "sdb").KernelSwitches(2);
        t.At(62).Checkers(Down, "sda", "sdb");
        Assert.Empty(t.Switches);
        t.At(360).Checker("sda", Ghost);
        var sw = Assert.Single(t.Switches);
        Assert.Equal((1, ActionReason.FailbackFollowover, t.Index("sda")), (sw.Group, sw.Reason, sw.Path));
        // The second path of the group coming up does not switch again.
        t.At(361).Checker("sdb", Ghost);
        Assert.Single(t.Switches);
    }

    [Fact]
    public void Followover_does_not_fail_back_when_another_path_of_the_best_group_was_still_up_per_checker()
    {
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(Failback.Followover)).AllUp();
        t.At(30).Step(a => t.Engine.OperatorSwitchGroup(2, a));
        t.At(60).Checker("sda", Down);
        t.At(90).Checker("sda", Up);
        Assert.Single(t.Switches);
        Assert.Equal(2, t.Engine.CurrentGroup);
    }

    [Fact]
    public void Followover_ignores_a_repair_outside_the_best_group()
    {
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(Failback.Followover)).AllUp();
        t.At(10).Checkers(Down, "sda", "sdb", "sdc").KernelSwitches(2);
        t.At(20).Checker("sdc", Up);
        Assert.Empty(t.Switches);
    }

    [Fact]
    public void Shaky_counts_as_down_for_followover()
    {
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(Failback.Followover)).AllUp();
        t.At(10).Checker("sda", Down).Checker("sdb", Shaky).KernelSwitches(2);
        t.At(20).Checker("sda", Up);
        Assert.Equal(1, Assert.Single(t.Switches).Group);
    }

    [Fact]
    public void No_failback_to_a_group_without_usable_paths()
    {
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(Failback.Immediate)).AllUp();
        t.At(10).Checkers(Down, "sda", "sdb").KernelSwitches(2);
        t.At(15).Checkers(Up, "sdc", "sdd");
        Assert.Empty(t.Switches);
        Assert.Equal(2, t.Engine.SelectBestGroup());
    }

    [Fact]
    public void Best_group_ties_on_priority_go_to_the_group_with_more_usable_paths()
    {
        var t = new EngineTimeline(EngineTimeline.Policy(Failback.Immediate), ("sda", 1, 10), ("sdb", 2, 10), ("sdc", 2, 10)).AllUp();
        Assert.Equal(2, t.Engine.SelectBestGroup());
        Assert.Equal(2, Assert.Single(t.Switches).Group);
    }

    [Fact]
    public void Priority_change_under_group_by_prio_with_immediate_failback_reloads_the_map()
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { RegroupOnPriorityChange = true };
        var t = EngineTimeline.TwoControllers(policy).AllUp();
        t.At(10).Checker("sdc", Up, priority: 50);
        Assert.Contains(t.Last, a => a is { Kind: ActionKind.ReloadMap, Reason: ActionReason.PriorityChanged });
        t.Engine.ApplyLayout([new("sda", 1, 50), new("sdb", 1, 50), new("sdc", 1, 50), new("sdd", 2, 10)], currentGroup: 1);
        Assert.Equal(2, t.Engine.GroupCount);
        Assert.Equal(Up, t.Engine.Path(t.Index("sdc")).State);
    }
    [Fact]
    public void A_regroup_that_keeps_the_table_still_fails_back_under_immediate()
    {
        // An ALUA trespass: group 1's paths went standby (the kernel failed them) and the map runs on group 2. The
        // checker finds sda up with a lower priority that still leads: the engine asks for a regroup first.
        var policy = EngineTimeline.Policy(Failback.Immediate) with { RegroupOnPriorityChange = true };
        var t = EngineTimeline.TwoControllers(policy).AllUp();
        t.At(10).KernelFails("sda", "sdb").KernelSwitches(2);
        t.At(15).Checker("sda", Up, priority: 40);
        Assert.Contains(t.Last, a => a is { Kind: ActionKind.ReloadMap, Reason: ActionReason.PriorityChanged });
        Assert.DoesNotContain(t.Last, a => a.Kind == ActionKind.SwitchGroup);
        // Same grouping, so the daemon loads nothing; the failback the check skipped happens now.
        t.Engine.ApplyLayout([new("sda", 1, 40), new("sdb", 1, 50), new("sdc", 2, 10), new("sdd", 2, 10)], currentGroup: 2);
        t.Step(t.Engine.OnRegroupKeptTable);
        Assert.Equal((ActionKind.SwitchGroup, ActionReason.FailbackImmediate, 1), (t.Last[0].Kind, t.Last[0].Reason, t.Last[0].Group));
        Assert.Equal(1, t.Engine.CurrentGroup);
    }

    [Theory]
    [InlineData("manual")]
    [InlineData("followover")]
    public void A_kept_table_does_not_fail_back_in_modes_that_wait(string mode)
    {
        Assert.True(Failback.TryParse(mode, out var failback));
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(failback) with { RegroupOnPriorityChange = true }).AllUp();
        t.At(10).KernelFails("sda", "sdb").KernelSwitches(2);
        t.At(15).Checker("sda", Up, priority: 40);
        t.Step(t.Engine.OnRegroupKeptTable);
        Assert.DoesNotContain(t.Last, a => a.Kind == ActionKind.SwitchGroup);
        Assert.Equal(2, t.Engine.CurrentGroup);
    }
}
