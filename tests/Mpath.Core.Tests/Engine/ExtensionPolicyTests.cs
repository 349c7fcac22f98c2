using Mpath.Core.Engine;
using Mpath.Core.Model;
using static Mpath.Core.Model.CheckerState;

namespace Mpath.Core.Tests.Engine;

/// <summary>mpath's opt-in additions: failback rate limit, sticky operator switch, ping-pong detector.</summary>
public class ExtensionPolicyTests
{
    /// <summary>Another host keeps pulling the LUN away: the kernel fails A, we fail back, again and again.</summary>
    private static void PingPong(EngineTimeline t, int rounds, double period)
    {
        for (var i = 0; i < rounds; i++)
        {
            t.After(period / 2).KernelFails("sda", "sdb").KernelSwitches(2);
            t.After(period / 2).Checkers(Ghost, "sda", "sdb");
        }
    }

    [Fact]
    public void Failback_rate_limit_stops_automatic_failbacks_after_the_limit_and_warns_once()
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { FailbackRateLimit = 2, FailbackRateWindow = TimeSpan.FromMinutes(10), PingPongThreshold = 0 };
        var t = EngineTimeline.TwoControllers(policy).AllUp();
        PingPong(t, 5, 10);
        Assert.Equal(2, t.Switches.Count());
        Assert.Single(t.History, h => h.Action.Reason == ActionReason.FailbackRateLimited);
        Assert.Equal(2, t.Engine.CurrentGroup);
        // After the window the limit resets.
        t.After(601);
        PingPong(t, 1, 10);
        Assert.Equal(3, t.Switches.Count());
    }

    [Fact]
    public void Ping_pong_detector_warns_when_switches_exceed_the_threshold_within_the_window()
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { PingPongThreshold = 4, PingPongWindow = TimeSpan.FromMinutes(5) };
        var t = EngineTimeline.TwoControllers(policy).AllUp();
        PingPong(t, 1, 10);
        Assert.DoesNotContain(t.History, h => h.Action.Reason == ActionReason.PingPongSuspected);
        PingPong(t, 1, 10);
        var warning = Assert.Single(t.History, h => h.Action.Reason == ActionReason.PingPongSuspected);
        Assert.Equal(LogSeverity.Warning, warning.Action.Severity);
        Assert.Equal(4, warning.Action.Count);
        Assert.Contains("ping-pong", warning.Action.Describe(t.Engine), StringComparison.Ordinal);
    }

    [Fact]
    public void Ping_pong_detector_stays_quiet_for_switches_spread_over_time()
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { PingPongThreshold = 4, PingPongWindow = TimeSpan.FromMinutes(5) };
        var t = EngineTimeline.TwoControllers(policy).AllUp();
        PingPong(t, 6, 400);
        Assert.DoesNotContain(t.History, h => h.Action.Reason == ActionReason.PingPongSuspected);
    }

    [Fact]
    public void Sticky_operator_switch_holds_until_the_next_checker_observed_change()
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { StickySwitchGroup = true };
        var t = EngineTimeline.TwoControllers(policy).AllUp();
        t.At(10).Step(a => t.Engine.OperatorSwitchGroup(2, a));
        t.At(15).Checkers(Up, "sda", "sdb", "sdc", "sdd");
        Assert.Equal(2, t.Engine.CurrentGroup);
        Assert.Single(t.Switches);
        t.At(20).Checker("sdd", Down);
        t.At(25).Checker("sda", Up);
        Assert.Equal(1, t.Engine.CurrentGroup);
    }

    [Fact]
    public void Without_sticky_switch_immediate_undoes_the_operator_switch_at_the_next_check()
    {
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(Failback.Immediate)).AllUp();
        t.At(10).Step(a => t.Engine.OperatorSwitchGroup(2, a));
        t.At(15).Checker("sda", Up);
        Assert.Equal(1, t.Engine.CurrentGroup);
    }
}
