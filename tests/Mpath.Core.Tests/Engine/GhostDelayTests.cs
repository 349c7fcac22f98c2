using Mpath.Core.Engine;
using Mpath.Core.Model;
using static Mpath.Core.Model.CheckerState;

namespace Mpath.Core.Tests.Engine;

/// <summary>ghost_delay in the engine: waiting for an active path, ended by one or by the delay running out.</summary>
public class GhostDelayTests
{
    private static EngineTimeline Waiting(int ghostDelaySeconds = 30)
    {
        var policy = EngineTimeline.Policy(Failback.Immediate) with { GhostDelay = TimeSpan.FromSeconds(ghostDelaySeconds) };
        var t = new EngineTimeline(policy, ("sda", 1, 50), ("sdb", 2, 10));
        t.Step(t.Engine.WaitForActivePath);
        return t;
    }

    [Fact]
    public void Waiting_is_logged_and_arms_the_timer()
    {
        var t = Waiting();
        Assert.Contains(t.Last, a => a is { Reason: ActionReason.GhostDelayWaiting, Count: 30 });
        Assert.True(t.Engine.WaitingForActivePath);
        Assert.Equal(t.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), t.Engine.NextTimerDue);
    }

    [Fact]
    public void Ghost_results_keep_waiting_and_an_active_path_ends_the_wait_early()
    {
        var t = Waiting();
        t.At(0).Checkers(Ghost, "sda", "sdb");
        Assert.DoesNotContain(t.History, h => h.Action.Kind == ActionKind.MarkMapReady);
        t.At(12).Checker("sdb", Up);
        var ready = Assert.Single(t.Last, a => a.Kind == ActionKind.MarkMapReady);
        Assert.Equal((ActionReason.GhostDelayActivePath, t.Index("sdb")), (ready.Reason, ready.Path));
        Assert.False(t.Engine.WaitingForActivePath);
        t.At(30).Timer();
        Assert.DoesNotContain(t.Last, a => a.Kind == ActionKind.MarkMapReady);
    }

    [Fact]
    public void The_map_is_marked_ready_anyway_when_the_delay_runs_out()
    {
        var t = Waiting();
        t.At(0).Checkers(Ghost, "sda", "sdb");
        t.At(29).Timer();
        Assert.DoesNotContain(t.Last, a => a.Kind == ActionKind.MarkMapReady);
        t.At(30).Timer();
        Assert.Equal(ActionReason.GhostDelayExpired, Assert.Single(t.Last, a => a.Kind == ActionKind.MarkMapReady).Reason);
        Assert.Null(t.Engine.NextTimerDue);
    }

    [Fact]
    public void Without_ghost_delay_the_engine_never_waits()
    {
        var t = Waiting(ghostDelaySeconds: 0);
        Assert.Empty(t.Last);
        Assert.False(t.Engine.WaitingForActivePath);
    }
}
