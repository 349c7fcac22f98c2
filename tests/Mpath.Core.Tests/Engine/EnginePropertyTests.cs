using CsCheck;
using Mpath.Core.Engine;
using Mpath.Core.Model;

namespace Mpath.Core.Tests.Engine;

/// <summary>Invariants that must hold for any sequence of events, whatever the failback mode.</summary>
public class EnginePropertyTests
{
    private enum EventKind { Checker, KernelFail, KernelSwitch, Timer }

    private sealed record Event(double Delay, EventKind Kind, int Path, CheckerState State, int Group, int Priority);

    private sealed record Case(Failback Failback, (int Group, int Priority)[] Layout, Event[] Events);

    private static readonly CheckerState[] CheckerResults =
        [CheckerState.Up, CheckerState.Ghost, CheckerState.Down, CheckerState.Shaky, CheckerState.Pending, CheckerState.Timeout];

    private static readonly Gen<Failback> GenFailback = Gen.OneOf(
        Gen.Const(Failback.Immediate), Gen.Const(Failback.Manual), Gen.Const(Failback.Followover),
        Gen.Int[1, 60].Select(Failback.Deferred));

    private static Gen<Case> GenCase(Gen<CheckerState> results) =>
        from failback in GenFailback
        from groups in Gen.Int[1, 3]
        from layout in Gen.Select(Gen.Int[1, groups], Gen.OneOf(Gen.Const(1), Gen.Const(10), Gen.Const(50))).Array[1, 6]
        from events in Gen.Select(
            Gen.Double[0, 30], Gen.Enum<EventKind>(), Gen.Int[0, 5], results, Gen.Int[1, 3], Gen.Int[-1, 60],
            (d, k, p, s, g, pr) => new Event(d, k, p, s, g, pr)).Array[1, 80]
        select new Case(failback, layout, events);

    /// <summary>Runs a case; <paramref name="check"/> sees each event, the states before it, and the actions it caused.</summary>
    private static void Run(Case c, Action<MapEngine, Event, CheckerState[], List<EngineAction>> check)
    {
        var policy = EngineTimeline.Policy(c.Failback, NoPathRetry.Times(2));
        var t = new EngineTimeline(policy, c.Layout.Select((l, i) => ($"sd{(char)('a' + i)}", l.Group, l.Priority)).ToArray());
        var before = new CheckerState[c.Layout.Length];
        foreach (var e in c.Events)
        {
            t.After(e.Delay);
            var path = e.Path % c.Layout.Length;
            for (var i = 0; i < before.Length; i++) before[i] = t.Engine.Path(i).CheckerState;
            switch (e.Kind)
            {
                case EventKind.Checker: t.Step(a => t.Engine.OnCheckerResult(path, e.State, e.Priority, a)); break;
                case EventKind.KernelFail: t.Step(a => t.Engine.OnKernelPathFailed(path, a)); break;
                case EventKind.KernelSwitch: t.Step(a => t.Engine.OnKernelGroupSwitched(e.Group, a)); break;
                default: t.Step(t.Engine.OnTimer); break;
            }
            check(t.Engine, e with { Path = path }, before, t.Last);
        }
    }

    [Fact]
    public void Never_switches_to_a_group_with_no_usable_path() =>
        GenCase(Gen.OneOf(CheckerResults)).Sample(c => Run(c, (engine, _, _, actions) =>
        {
            foreach (var a in actions.Where(a => a.Kind == ActionKind.SwitchGroup))
            {
                Assert.True(engine.GroupHasUsablePath(a.Group), $"switched to group {a.Group} without a usable path ({a.Reason})");
            }
        }), iter: 2000);

    [Fact]
    public void Never_reinstates_a_path_the_checker_reports_down() =>
        GenCase(Gen.OneOf(CheckerResults)).Sample(c => Run(c, (_, e, _, actions) =>
        {
            foreach (var a in actions.Where(a => a.Kind == ActionKind.ReinstatePath))
            {
                Assert.True(e.Kind == EventKind.Checker && e.Path == a.Path && e.State.IsUsable(),
                    $"reinstated path {a.Path} on {e.Kind} {e.State}");
            }
        }), iter: 2000);

    [Fact]
    public void Followover_switches_only_on_a_checker_observed_down_to_up_transition_in_the_best_group() =>
        GenCase(Gen.OneOf(CheckerResults)).Sample(c => Run(c, (engine, e, before, actions) =>
        {
            foreach (var a in actions.Where(a => a.Reason == ActionReason.FailbackFollowover))
            {
                Assert.Equal(EventKind.Checker, e.Kind);
                Assert.True(e.State.IsUsable());
                Assert.False(before[e.Path].IsUsable(), "the path was already up per the checker");
                Assert.Equal(engine.Path(e.Path).Group, a.Group);
                Assert.Equal(engine.SelectBestGroup(), a.Group);
            }
            if (c.Failback.Mode != FailbackMode.Followover)
            {
                Assert.DoesNotContain(actions, a => a.Reason == ActionReason.FailbackFollowover);
            }
        }), iter: 2000);

    /// <summary>The seed's trespass failures: the kernel fails paths, the checker never sees anything go down.</summary>
    [Fact]
    public void Followover_never_switches_on_kernel_failures_alone() =>
        GenCase(Gen.OneOf(CheckerState.Up, CheckerState.Ghost))
            .Select(c => c with { Failback = Failback.Followover })
            .Sample(c =>
            {
                // Establish the checker's view first (all up), then replay the random kernel/checker history.
                // (The warm-up itself may switch: a path first seen up is new to the checker.)
                var warmup = Enumerable.Range(0, c.Layout.Length).Select(i => new Event(0, EventKind.Checker, i, CheckerState.Up, 1, -1)).ToArray();
                var seen = 0;
                Run(c with { Events = [.. warmup, .. c.Events] }, (_, _, _, actions) =>
                {
                    if (++seen > warmup.Length) Assert.DoesNotContain(actions, a => a.Kind == ActionKind.SwitchGroup);
                });
            }, iter: 2000);

    [Fact]
    public void Manual_never_switches_by_itself() =>
        GenCase(Gen.OneOf(CheckerResults)).Select(c => c with { Failback = Failback.Manual })
            .Sample(c => Run(c, (_, _, _, actions) => Assert.DoesNotContain(actions, a => a.Kind == ActionKind.SwitchGroup)), iter: 1000);
}
