using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Simulation.Model;
using Mpath.Simulation.Results;
using Mpath.Simulation.San;

namespace Mpath.Simulation;

/// <summary>
/// One run of a scenario: a discrete-event simulation of the SAN in which every (host, LUN) map is driven by the
/// real <see cref="MapEngine"/>. Events are ordered by (virtual time, sequence) and all randomness comes from one
/// generator seeded by the scenario, so a seed always gives the same run.
/// </summary>
public sealed partial class Simulator
{
    private const int TimelineHosts = 8;
    private const int TimelineLuns = 8;

    private readonly Scenario _scenario;
    private readonly string _runName;
    private readonly VirtualClock _clock = new();
    private readonly EventQueue _events = new();
    private readonly ITraceSink? _trace;
    private readonly List<EngineAction> _actions = [];
    private readonly List<ControllerRef> _controllers = [];
    private readonly List<Link> _links = [];
    private readonly List<LunState> _luns = [];
    private readonly List<HostMap> _maps = [];
    private readonly HostTally[] _hosts;
    private readonly List<List<Link>> _faultLinks = [];
    private readonly Dictionary<int, List<TimelinePoint>> _hostTimeline = [];
    private readonly Dictionary<int, List<TimelinePoint>> _lunTimeline = [];
    private readonly int _partition;
    private readonly int _partitions;
    private int _lunCountTotal;
    private long _stamp;
    private long _checks;
    private long _eventCount;
    private int _notHome;
    private long _allHomeSince;
    private int _pingPongWarnings;

    /// <param name="failback">Overrides every host's failback setting, or null to keep the scenario's.</param>
    public Simulator(Scenario scenario, Failback? failback = null, ITraceSink? trace = null)
        : this(scenario, failback, trace, partition: 0, partitions: 1)
    {
    }

    /// <summary>
    /// A simulator for the LUNs whose index modulo <paramref name="partitions"/> is <paramref name="partition"/>.
    /// LUNs never influence each other (they share links, whose states follow the fault schedule alone), so
    /// partitions can run in parallel and add up to the same run.
    /// </summary>
    private Simulator(Scenario scenario, Failback? failback, ITraceSink? trace, int partition, int partitions)
    {
        _partition = partition;
        _partitions = partitions;
        _scenario = failback is { } fb
            ? scenario with { Hosts = scenario.Hosts.Select(h => h with { Settings = h.Settings with { Failback = fb } }).ToList() }
            : scenario;
        _runName = failback?.ToString() ?? DescribeFailback(_scenario);
        _trace = trace;
        _hosts = _scenario.Hosts.Select(h => new HostTally(h.Name)).ToArray();
        Build();
    }

    /// <summary>Called now and then with the fraction of virtual time done (0..1).</summary>
    public Action<double>? Progress { get; set; }

    public long PathChecks => _checks;

    public RunResult Run() => Summarize(_scenario, _runName, [RunPartition()]);

    /// <summary>
    /// Runs the scenario split into <paramref name="partitions"/> groups of LUNs on parallel threads; the result is the
    /// same as <see cref="Run"/>'s whatever the partition count.
    /// </summary>
    public static RunResult RunPartitioned(Scenario scenario, Failback? failback, int partitions, Action<double>? progress = null)
    {
        partitions = Math.Clamp(partitions, 1, Math.Max(1, scenario.Arrays.Sum(a => a.Luns.Count)));
        var sims = Enumerable.Range(0, partitions).Select(i => new Simulator(scenario, failback, null, i, partitions)).ToArray();
        sims[0].Progress = progress;
        var raws = new RawRun[partitions];
        Parallel.For(0, partitions, i => raws[i] = sims[i].RunPartition());
        return Summarize(sims[0]._scenario, sims[0]._runName, raws);
    }

    private RawRun RunPartition()
    {
        var end = VirtualClock.ToTicks(_scenario.Duration);
        var nextProgress = 0L;
        var progressStep = Math.Max(1, end / 200);
        while (_events.TryPop(end, out var e))
        {
            _clock.AdvanceTo(e.Time);
            // Every partition replays the fault schedule; count those events once.
            if (e.Kind != EventKind.Fault || _partition == 0) _eventCount++;
            Dispatch(in e);
            if (Progress is not null && e.Time >= nextProgress)
            {
                Progress(e.Time / (double)end);
                nextProgress = e.Time + progressStep;
            }
        }
        _clock.AdvanceTo(end);
        Progress?.Invoke(1);
        return Collect();
    }

    private void Dispatch(in SimEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.Check:
                RunCheckEvent(in e);
                break;
            case EventKind.EngineTimer:
                var tm = _maps[e.Map];
                if (tm.TimerStamp == e.Stamp)
                {
                    tm.TimerAt = -1;
                    EngineFor(tm).OnTimer(_actions);
                    AfterEngine(tm);
                }
                break;
            case EventKind.Io:
                var im = _maps[e.Map];
                if (im.IoStamp == e.Stamp)
                {
                    im.IoAt = -1;
                    RunIo(im);
                }
                break;
            case EventKind.IoError:
                OnIoError(_maps[e.Map], e.Path);
                break;
            case EventKind.MoveDone:
                FinishMove(_luns[e.Arg]);
                break;
            case EventKind.Fault:
                ApplyFault(e.Arg, e.Path == 1);
                break;
            case EventKind.ImplicitCheck:
                CheckImplicitMove(_luns[e.Arg]);
                break;
            case EventKind.IoSampleDone:
                FinishIoSample(_maps[e.Map], e.Path, e.Arg);
                break;
        }
    }

    private long Now => _clock.Ticks;

    private double NowSeconds => _clock.Seconds;

    private static string DescribeFailback(Scenario s)
    {
        var modes = s.Hosts.Select(h => h.Settings.Failback.ToString()).Distinct().ToList();
        return modes.Count == 1 ? modes[0] : "mixed";
    }

    private sealed class HostTally(string name)
    {
        public string Name { get; } = name;
        public long StallTicks;
        public long WorstStallTicks;
        public long FailingTicks;
        public int EngineSwitches;
        public int KernelSwitches;
        public int PingPongWarnings;
    }
}
