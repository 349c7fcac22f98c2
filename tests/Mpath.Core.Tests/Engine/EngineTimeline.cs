using Microsoft.Extensions.Time.Testing;
using Mpath.Core.Engine;
using Mpath.Core.Model;

namespace Mpath.Core.Tests.Engine;

/// <summary>
/// Drives one MapEngine tick by tick the way tests read best: "at 60 s the kernel fails sda; at 65 s the checker says
/// sda is ghost" - and collects what the engine decided at each step.
/// </summary>
internal sealed class EngineTimeline
{
    private readonly DateTimeOffset _start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public EngineTimeline(MapPolicy policy, params (string Dev, int Group, int Priority)[] paths)
    {
        Clock = new FakeTimeProvider(_start);
        Engine = new MapEngine("mpatha", paths.Select(p => new EnginePathSpec(p.Dev, p.Group, p.Priority)).ToArray(), policy, Clock);
    }

    public FakeTimeProvider Clock { get; }
    public MapEngine Engine { get; }
    /// <summary>Every action so far, with the second it happened at.</summary>
    public List<(double At, EngineAction Action)> History { get; } = [];
    /// <summary>The actions of the last step only.</summary>
    public List<EngineAction> Last { get; } = [];

    public double Now => (Clock.GetUtcNow() - _start).TotalSeconds;

    public EngineTimeline At(double seconds)
    {
        var target = _start + TimeSpan.FromSeconds(seconds);
        if (target < Clock.GetUtcNow()) throw new InvalidOperationException("timelines only go forward");
        Clock.SetUtcNow(target);
        return this;
    }

    /// <summary>Moves the clock forward by <paramref name="seconds"/>.</summary>
    public EngineTimeline After(double seconds)
    {
        Clock.Advance(TimeSpan.FromSeconds(seconds));
        return this;
    }

    public EngineTimeline Checker(string dev, CheckerState state, int priority = -1) =>
        Step(actions => Engine.OnCheckerResult(Index(dev), state, priority, actions));

    /// <summary>Checker results for several paths at the same instant.</summary>
    public EngineTimeline Checkers(CheckerState state, params string[] devs)
    {
        foreach (var dev in devs) Checker(dev, state);
        return this;
    }

    public EngineTimeline KernelFails(params string[] devs)
    {
        foreach (var dev in devs) Step(actions => Engine.OnKernelPathFailed(Index(dev), actions));
        return this;
    }

    public EngineTimeline KernelSwitches(int group) => Step(actions => Engine.OnKernelGroupSwitched(group, actions));

    public EngineTimeline Timer() => Step(Engine.OnTimer);

    public EngineTimeline Step(Action<List<EngineAction>> input)
    {
        Last.Clear();
        input(Last);
        foreach (var a in Last) History.Add((Now, a));
        return this;
    }

    public int Index(string dev)
    {
        var i = Engine.IndexOf(dev);
        return i >= 0 ? i : throw new ArgumentException($"no path {dev}");
    }

    public IEnumerable<EngineAction> Switches => History.Select(h => h.Action).Where(a => a.Kind == ActionKind.SwitchGroup);

    public static MapPolicy Policy(Failback failback, NoPathRetry? noPathRetry = null) => new()
    {
        Failback = failback,
        NoPathRetry = noPathRetry ?? NoPathRetry.Queue,
        PollingInterval = TimeSpan.FromSeconds(5),
        MaxPollingInterval = TimeSpan.FromSeconds(20),
    };

    /// <summary>Two paths to the preferred controller A (group 1, prio 50), two to B (group 2, prio 10).</summary>
    public static EngineTimeline TwoControllers(MapPolicy policy) =>
        new(policy, ("sda", 1, 50), ("sdb", 1, 50), ("sdc", 2, 10), ("sdd", 2, 10));

    /// <summary>Brings every path up at t=0, as the first checker pass after map creation does.</summary>
    public EngineTimeline AllUp()
    {
        for (var i = 0; i < Engine.PathCount; i++) Checker(Engine.Path(i).Dev, CheckerState.Up);
        return this;
    }
}
