using BenchmarkDotNet.Attributes;
using Mpath.Core.Engine;
using Mpath.Core.Model;

namespace Mpath.Bench;

/// <summary>The engine's hot path: one checker result for a healthy path (the steady state), and a state change.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly ManualClock _clock = new();
    private readonly List<EngineAction> _actions = new(16);
    private MapEngine _followover = null!;
    private MapEngine _immediate = null!;
    private MapEngine[] _maps = null!;

    [GlobalSetup]
    public void Setup()
    {
        _followover = NewMap(Failback.Followover);
        _immediate = NewMap(Failback.Immediate);
        _maps = Enumerable.Range(0, 1000).Select(_ => NewMap(Failback.Followover)).ToArray();
    }

    private MapEngine NewMap(Failback failback)
    {
        var policy = new MapPolicy { Failback = failback, NoPathRetry = NoPathRetry.Queue };
        var map = new MapEngine("mpatha", [new("sda", 1, 50), new("sdb", 1, 50), new("sdc", 2, 10), new("sdd", 2, 10)], policy, _clock);
        for (var i = 0; i < 4; i++) map.OnCheckerResult(i, CheckerState.Up, -1, _actions);
        _actions.Clear();
        return map;
    }

    /// <summary>One check decision for a path that stays up: the cost paid millions of times a day.</summary>
    [Benchmark(Baseline = true)]
    public int SteadyStateCheck()
    {
        _clock.Now += TimeSpan.FromSeconds(5);
        _followover.OnCheckerResult(0, CheckerState.Up, 50, _actions);
        var n = _actions.Count;
        _actions.Clear();
        return n;
    }

    /// <summary>A path going down and coming back (two decisions, with fail and reinstate actions).</summary>
    [Benchmark]
    public int DownUpCycle()
    {
        _clock.Now += TimeSpan.FromSeconds(5);
        _immediate.OnCheckerResult(1, CheckerState.Down, -1, _actions);
        _immediate.OnCheckerResult(1, CheckerState.Up, -1, _actions);
        var n = _actions.Count;
        _actions.Clear();
        return n;
    }

    /// <summary>A full checker pass over 1,000 maps x 4 paths, all healthy.</summary>
    [Benchmark(OperationsPerInvoke = 4000)]
    public int CheckerPass1000Maps()
    {
        _clock.Now += TimeSpan.FromSeconds(5);
        var n = 0;
        foreach (var map in _maps)
        {
            for (var p = 0; p < 4; p++) map.OnCheckerResult(p, CheckerState.Up, -1, _actions);
            n += _actions.Count;
            _actions.Clear();
        }
        return n;
    }
}
