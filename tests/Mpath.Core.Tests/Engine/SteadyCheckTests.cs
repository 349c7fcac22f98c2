using CsCheck;
using Mpath.Core.Engine;
using Mpath.Core.Model;

namespace Mpath.Core.Tests.Engine;

/// <summary>
/// <see cref="MapEngine.IsSteadyCheck"/> lets the simulator skip reporting checks. The claim to prove: after any
/// history, an engine that is told of the steady checks and one that is only told they were skipped behave the same
/// from then on (same actions, same path states, same schedule).
/// </summary>
public class SteadyCheckTests
{
    private enum Kind { Checker, KernelFail, KernelSwitch, Timer, OperatorSwitch }

    private sealed record Input(double Delay, Kind Kind, int Path, CheckerState State, int Group, int Priority);

    private sealed record Case(MapPolicy Policy, (int Group, int Priority)[] Layout, Input[] History, Input Probe, double[] Gaps, Input[] After);

    private static readonly Gen<Failback> GenFailback = Gen.OneOf(
        Gen.Const(Failback.Immediate), Gen.Const(Failback.Manual), Gen.Const(Failback.Followover),
        Gen.Int[1, 60].Select(Failback.Deferred));

    /// <summary>Policies with every counter and time-dependent rule the steady test must rule out, each sometimes on.</summary>
    private static readonly Gen<MapPolicy> GenPolicy =
        from failback in GenFailback
        from watch in Gen.OneOf(Gen.Const(0), Gen.Int[1, 3])
        from errors in Gen.OneOf(Gen.Const(0), Gen.Int[1, 3])
        from rateLimit in Gen.OneOf(Gen.Const(0), Gen.Int[1, 2])
        from flaky in Gen.Bool
        from sticky in Gen.Bool
        select EngineTimeline.Policy(failback, NoPathRetry.Times(2)) with
        {
            DelayWatchChecks = watch,
            DelayWaitChecks = watch,
            SanPathErrThreshold = errors,
            SanPathErrForgetRate = errors,
            SanPathErrRecoveryTime = TimeSpan.FromSeconds(errors * 30),
            FailbackRateLimit = rateLimit,
            FailbackRateWindow = TimeSpan.FromSeconds(120),
            FlakyPathWindow = flaky ? TimeSpan.FromSeconds(60) : TimeSpan.Zero,
            FlakyPathHold = TimeSpan.FromSeconds(90),
            StickySwitchGroup = sticky,
        };

    private static readonly Gen<CheckerState> GenResult =
        Gen.OneOf(Gen.Const(CheckerState.Up), Gen.Const(CheckerState.Ghost), Gen.Const(CheckerState.Down), Gen.Const(CheckerState.Timeout), Gen.Const(CheckerState.Pending));

    private static readonly Gen<Input> GenInput = Gen.Select(
        Gen.Double[0, 30], Gen.Frequency((8, Gen.Const(Kind.Checker)), (2, Gen.Enum<Kind>())), Gen.Int[0, 5], GenResult, Gen.Int[1, 3],
        Gen.OneOf(Gen.Const(-1), Gen.Const(10), Gen.Const(50)),
        (d, k, p, s, g, pr) => new Input(d, k, p, s, g, pr));

    /// <summary>
    /// A random history, then rounds of unchanged results for every path (which is how paths become steady), then a
    /// few more random inputs (a kernel or operator switch there leaves steady paths on a group failback would leave).
    /// </summary>
    private static readonly Gen<Case> GenCase =
        from policy in GenPolicy
        from groups in Gen.Int[1, 3]
        from layout in Gen.Select(Gen.Int[1, groups], Gen.OneOf(Gen.Const(10), Gen.Const(50))).Array[1, 4]
        from history in GenInput.Array[0, 40]
        from settled in Gen.Select(GenResult, Gen.OneOf(Gen.Const(-1), Gen.Const(10), Gen.Const(50))).Array[4]
        from rounds in Gen.Int[0, 5]
        from tail in GenInput.Array[0, 3]
        from probePath in Gen.Int[0, 3]
        from gaps in Gen.Double[0.5, 400].Array[1, 6]
        from after in GenInput.Array[0, 30]
        let warm = Enumerable.Range(0, rounds * layout.Length)
            .Select(i => new Input(i % layout.Length == 0 ? 20 : 0.01, Kind.Checker, i % layout.Length, settled[i % layout.Length].Item1, 1, settled[i % layout.Length].Item2))
        let probe = new Input(0, Kind.Checker, probePath % layout.Length, settled[probePath % layout.Length].Item1, 1, settled[probePath % layout.Length].Item2)
        select new Case(policy, layout, [.. history, .. warm, .. tail], probe, gaps, after);

    private static EngineTimeline Engine(Case c) =>
        new(c.Policy, c.Layout.Select((l, i) => ($"sd{(char)('a' + i)}", l.Group, l.Priority)).ToArray());

    private static void Apply(EngineTimeline t, Input e)
    {
        t.After(e.Delay);
        var path = e.Path % t.Engine.PathCount;
        switch (e.Kind)
        {
            case Kind.Checker: t.Step(a => t.Engine.OnCheckerResult(path, e.State, e.Priority, a)); break;
            case Kind.KernelFail: t.Step(a => t.Engine.OnKernelPathFailed(path, a)); break;
            case Kind.KernelSwitch: t.Step(a => t.Engine.OnKernelGroupSwitched(e.Group, a)); break;
            case Kind.OperatorSwitch: t.Step(a => t.Engine.OperatorSwitchGroup(e.Group, a)); break;
            default: t.Step(t.Engine.OnTimer); break;
        }
    }

    private static void AssertSameState(MapEngine expected, MapEngine actual)
    {
        for (var i = 0; i < expected.PathCount; i++) Assert.Equal(expected.Path(i), actual.Path(i));
        Assert.Equal(expected.CurrentGroup, actual.CurrentGroup);
        Assert.Equal(expected.Queueing, actual.Queueing);
        Assert.Equal(expected.NextTimerDue, actual.NextTimerDue);
    }

    [Fact]
    public void Skipping_steady_checks_changes_nothing_that_follows()
    {
        var steadyCases = 0;
        GenCase.Sample(c =>
        {
            var told = Engine(c);
            var skipped = Engine(c);
            foreach (var e in c.History)
            {
                Apply(told, e);
                Apply(skipped, e);
            }
            var path = c.Probe.Path % told.Engine.PathCount;
            if (!told.Engine.IsSteadyCheck(path, c.Probe.State, c.Probe.Priority)) return;
            steadyCases++;

            var lastCheck = DateTimeOffset.MinValue;
            foreach (var gap in c.Gaps)
            {
                told.After(gap);
                skipped.After(gap);
                // Still steady at any later time, and the check really does nothing but reschedule.
                Assert.True(told.Engine.IsSteadyCheck(path, c.Probe.State, c.Probe.Priority));
                told.Step(a => told.Engine.OnCheckerResult(path, c.Probe.State, c.Probe.Priority, a));
                Assert.Empty(told.Last);
                lastCheck = told.Clock.GetUtcNow();
                Assert.Equal(lastCheck + told.Engine.Path(path).CheckInterval, told.Engine.Path(path).NextCheck);
            }
            skipped.Engine.OnSteadyChecksSkipped(path, lastCheck);
            AssertSameState(told.Engine, skipped.Engine);

            foreach (var e in c.After)
            {
                Apply(told, e);
                Apply(skipped, e);
                Assert.Equal(told.Last, skipped.Last);
            }
            AssertSameState(told.Engine, skipped.Engine);
        }, iter: 4000);
        Assert.True(steadyCases > 1000, $"only {steadyCases} of 4000 cases reached a steady check");
    }

    [Fact]
    public void A_path_whose_check_would_act_is_not_steady()
    {
        var t = EngineTimeline.TwoControllers(EngineTimeline.Policy(Failback.Immediate)).AllUp();
        // Fresh up: the interval still doubles 5 -> 10 -> 20.
        Assert.False(t.Engine.IsSteadyCheck(0, CheckerState.Up, 50));
        t.After(5).Checker("sda", CheckerState.Up).After(10).Checker("sda", CheckerState.Up);
        Assert.True(t.Engine.IsSteadyCheck(0, CheckerState.Up, 50));
        // A different result or priority is news.
        Assert.False(t.Engine.IsSteadyCheck(0, CheckerState.Down, 50));
        Assert.False(t.Engine.IsSteadyCheck(0, CheckerState.Up, 10));
        // On group 2 with group 1 healthy, immediate failback would switch back at the next check of sda.
        t.KernelSwitches(2);
        Assert.False(t.Engine.IsSteadyCheck(0, CheckerState.Up, 50));
    }
}
