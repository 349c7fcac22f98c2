using Mpath.Core.Engine;
using Mpath.Core.Model;

namespace Mpath.Core.Tests.Engine;

/// <summary>
/// Followover returns early unless the checker saw a path come up (a fast path for the steady-state check). These
/// pin the behaviour around that shortcut: a kernel-failed path coming back never fails back; a checker-down path
/// coming back does.
/// </summary>
public class FollowoverFastPathTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (MapEngine Engine, ManualClock Clock, List<EngineAction> Actions) Started()
    {
        var clock = new ManualClock();
        var engine = new MapEngine("m", [new("a", 1, 50), new("b", 2, 10)], new MapPolicy { Failback = Failback.Followover }, clock);
        var actions = new List<EngineAction>();
        engine.OnCheckerResult(0, CheckerState.Up, -1, actions);
        engine.OnCheckerResult(1, CheckerState.Ghost, -1, actions);
        actions.Clear();
        return (engine, clock, actions);
    }

    [Fact]
    public void Kernel_failure_then_checker_ghost_does_not_fail_back()
    {
        var (engine, clock, actions) = Started();
        engine.OnKernelPathFailed(0, actions);
        engine.OnKernelGroupSwitched(2, actions);
        clock.Now += TimeSpan.FromSeconds(5);
        actions.Clear();
        engine.OnCheckerResult(0, CheckerState.Ghost, -1, actions);
        Assert.DoesNotContain(actions, a => a.Kind == ActionKind.SwitchGroup);
        Assert.Contains(actions, a => a.Kind == ActionKind.ReinstatePath);
        Assert.Equal(2, engine.CurrentGroup);
    }

    [Fact]
    public void Checker_down_then_up_fails_back()
    {
        var (engine, clock, actions) = Started();
        engine.OnCheckerResult(0, CheckerState.Down, -1, actions);
        engine.OnKernelGroupSwitched(2, actions);
        clock.Now += TimeSpan.FromSeconds(5);
        actions.Clear();
        engine.OnCheckerResult(0, CheckerState.Ghost, -1, actions);
        Assert.Contains(actions, a => a is { Kind: ActionKind.SwitchGroup, Group: 1, Reason: ActionReason.FailbackFollowover });
        Assert.Equal(1, engine.CurrentGroup);
    }

    [Fact]
    public void Steady_up_checks_never_switch()
    {
        var (engine, clock, actions) = Started();
        engine.OnKernelGroupSwitched(2, actions);
        for (var i = 0; i < 10; i++)
        {
            clock.Now += TimeSpan.FromSeconds(20);
            engine.OnCheckerResult(0, CheckerState.Up, -1, actions);
            engine.OnCheckerResult(1, CheckerState.Ghost, -1, actions);
        }
        Assert.DoesNotContain(actions, a => a.Kind == ActionKind.SwitchGroup);
    }
}
