using Mpath.Core.Engine;
using Mpath.Simulation.Model;
using Mpath.Simulation.Results;
using Mpath.Simulation.San;

namespace Mpath.Simulation;

public sealed partial class Simulator
{
    /// <summary>
    /// Lays out the SAN: host port i of every host is cabled to port i (modulo its port count) of every controller,
    /// so a LUN has host ports x controllers paths on each host.
    /// </summary>
    private void Build()
    {
        var controllerIds = new Dictionary<(int Array, string Name), int>();
        for (var a = 0; a < _scenario.Arrays.Count; a++)
        {
            foreach (var c in _scenario.Arrays[a].Controllers)
            {
                controllerIds[(a, c.Name)] = _controllers.Count;
                _controllers.Add(new ControllerRef(_controllers.Count, c.Name, a));
            }
        }
        var global = 0;
        for (var a = 0; a < _scenario.Arrays.Count; a++)
        {
            var array = _scenario.Arrays[a];
            foreach (var lun in array.Luns)
            {
                if (global % _partitions == _partition)
                {
                    var state = new LunState(_luns.Count, global, lun.Name, array, controllerIds[(a, lun.DefaultOwner)]);
                    _luns.Add(state);
                    if (global < TimelineLuns) _lunTimeline[global] = [new TimelinePoint(0, lun.DefaultOwner)];
                }
                global++;
            }
        }
        _lunCountTotal = global;

        // Links: one per (host port, controller port) pair that the cabling rule connects.
        var linkIndex = new Dictionary<(int Host, int HostPort, int Controller), Link>();
        for (var h = 0; h < _scenario.Hosts.Count; h++)
        {
            var host = _scenario.Hosts[h];
            for (var hp = 0; hp < host.Ports; hp++)
            {
                for (var a = 0; a < _scenario.Arrays.Count; a++)
                {
                    foreach (var c in _scenario.Arrays[a].Controllers)
                    {
                        var id = controllerIds[(a, c.Name)];
                        var link = new Link(_links.Count, h, $"hba{hp}", id, c.PortName(hp % c.Ports));
                        _links.Add(link);
                        linkIndex[(h, hp, id)] = link;
                    }
                }
            }
        }

        for (var h = 0; h < _scenario.Hosts.Count; h++)
        {
            var host = _scenario.Hosts[h];
            // Hosts do not start in lockstep unless the scenario says so: each one's checker loop begins at a seeded offset.
            var phase = VirtualClock.ToTicks(host.Settings.CheckerStart ?? SeededRandom(h).NextDouble() * host.Settings.PollingInterval);
            foreach (var lun in _luns)
            {
                var map = CreateMap(h, host, lun, linkIndex);
                _maps.Add(map);
                lun.Maps.Add(map.Id);
                for (var p = 0; p < map.Link.Length; p++)
                {
                    _links[map.Link[p]].Users.Add((map.Id, p));
                    // Spread a host's checks over one second, as a checker loop working through its paths does.
                    ScheduleCheckAt(map, p, phase + VirtualClock.ToTicks(p * 0.01));
                }
                if (h < TimelineHosts && lun.Global == 0) _hostTimeline[h] = [new TimelinePoint(0, _controllers[map.GroupController[0]].Name)];
            }
        }
        ScheduleFaults();
    }

    private HostMap CreateMap(int h, HostSpec host, LunState lun, Dictionary<(int, int, int), Link> linkIndex)
    {
        var arrayIndex = _controllers[lun.DefaultOwner].Array;
        var controllers = _controllers.Where(c => c.Array == arrayIndex).ToList();
        var preferred = host.Settings.PreferredController is { } name && controllers.Find(c => c.Name == name) is { } pc
            ? pc.Id
            : lun.DefaultOwner;
        var paths = new List<(int Link, int Controller)>();
        for (var hp = 0; hp < host.Ports; hp++)
        {
            foreach (var c in controllers) paths.Add((linkIndex[(h, hp, c.Id)].Id, c.Id));
        }
        if (host.Settings.Priority == PriorityModel.PathOrder)
        {
            // failover grouping in path order: the preferred controller's paths come first.
            paths = paths.Where(p => p.Controller == preferred).Concat(paths.Where(p => p.Controller != preferred)).ToList();
        }
        var n = paths.Count;
        var map = new HostMap
        {
            Id = _maps.Count,
            Host = h,
            Lun = lun.Id,
            Settings = host.Settings,
            Engine = null!,
            Link = paths.Select(p => p.Link).ToArray(),
            Controller = paths.Select(p => p.Controller).ToArray(),
            Group = new int[n],
            GroupController = [],
            HomeController = host.Settings.Priority == PriorityModel.Alua ? lun.DefaultOwner : preferred,
            DmActive = Enumerable.Repeat(true, n).ToArray(),
            ErrorPending = new bool[n],
            FirstPath = AddSchedules(n),
            IoDelayTicks = Math.Max(1, VirtualClock.ToTicks(1 / host.Settings.IoRate)),
            CheckDelayTicks = VirtualClock.ToTicks(host.Settings.CheckDuration),
            RandomKey = _scenario.Hosts.Count + h * _lunCountTotal + lun.Global,
        };
        var specs = Layout(map, lun, preferred, priorities: null);
        map.Engine = new MapEngine($"{host.Name}/{lun.Name}", specs, PolicyFor(host.Settings), _clock, initialGroup: 1);
        map.Queueing = map.Engine.Queueing;
        map.Home = map.GroupController[0] == map.HomeController;
        if (!map.Home) NoteHome(false);
        return map;
    }

    /// <summary>
    /// A generator for one consumer (a host's start offset, a map's dropped I/O), seeded from the scenario seed and the
    /// consumer's place in the SAN, so results do not depend on the order in which anything runs.
    /// </summary>
    private Random SeededRandom(int key) => new(unchecked((_scenario.Seed * 1_000_003) ^ (key * 7_919 + 17)));

    private static MapPolicy PolicyFor(HostSettings s) => new()
    {
        Failback = s.Failback,
        NoPathRetry = s.NoPathRetry,
        PollingInterval = TimeSpan.FromSeconds(s.PollingInterval),
        MaxPollingInterval = TimeSpan.FromSeconds(s.MaxPollingInterval),
        RegroupOnPriorityChange = s.Priority != PriorityModel.PathOrder,
        FailbackRateLimit = s.FailbackRateLimit,
        FailbackRateWindow = TimeSpan.FromSeconds(s.FailbackRateWindow),
        PingPongThreshold = s.PingPongThreshold,
        FlakyPathWindow = TimeSpan.FromSeconds(s.FlakyPathWindow),
        FlakyPathHold = TimeSpan.FromSeconds(s.FlakyPathHold),
        MarginalPathDoubleFailedTime = TimeSpan.FromSeconds(s.MarginalPathDoubleFailedTime),
        MarginalPathErrSampleTime = TimeSpan.FromSeconds(s.MarginalPathErrSampleTime),
        MarginalPathErrRateThreshold = s.MarginalPathErrRateThreshold,
        MarginalPathErrRecheckGapTime = TimeSpan.FromSeconds(s.MarginalPathErrRecheckGapTime),
    };

    /// <summary>
    /// The map's path groups as multipathd would build them: failover (one path per group, constant priority) for
    /// path-order, group_by_prio otherwise (groups in descending priority). Sets the kernel table and returns the
    /// engine's view. <paramref name="priorities"/> overrides the model's priorities (a regroup after they changed).
    /// </summary>
    private EnginePathSpec[] Layout(HostMap map, LunState lun, int preferred, int[]? priorities)
    {
        var n = map.Link.Length;
        var prio = priorities ?? Enumerable.Range(0, n).Select(p => PriorityOf(map, lun, p, preferred)).ToArray();
        if (map.Settings.Priority == PriorityModel.PathOrder)
        {
            for (var p = 0; p < n; p++) map.Group[p] = p + 1;
        }
        else
        {
            var levels = prio.Distinct().OrderByDescending(x => x).ToList();
            for (var p = 0; p < n; p++) map.Group[p] = levels.IndexOf(prio[p]) + 1;
        }
        var groups = map.Group.Max();
        map.GroupController = Enumerable.Range(1, groups).Select(g => map.Controller[Array.IndexOf(map.Group, g)]).ToArray();
        var specs = new EnginePathSpec[n];
        for (var p = 0; p < n; p++)
        {
            var link = _links[map.Link[p]];
            specs[p] = new EnginePathSpec($"{link.HostPort}:{link.ArrayPort}", map.Group[p], prio[p]);
        }
        return specs;
    }

    /// <summary>The prioritizer model's value for a path now.</summary>
    private int PriorityOf(HostMap map, LunState lun, int path, int preferred)
    {
        var controller = map.Controller[path];
        switch (map.Settings.Priority)
        {
            case PriorityModel.Static:
                return controller == preferred ? 50 : 10;
            case PriorityModel.PathOrder:
                return 1;
            default:
                if (!lun.HasOwner || controller == lun.Owner) return 50;
                return lun.Array.Behaviour is ArrayBehaviour.AluaImplicit or ArrayBehaviour.AutoTrespass ? 10 : 1;
        }
    }

    private void ScheduleFaults()
    {
        for (var i = 0; i < _scenario.Faults.Count; i++)
        {
            var f = _scenario.Faults[i];
            _faultLinks.Add(_links.Where(l => Selects(f, l)).ToList());
            if (f.Kind == FaultKind.Flap)
            {
                for (var k = 0; k < f.Count; k++)
                {
                    Push(f.At + k * f.Period, EventKind.Fault, i, 1);
                    Push(f.At + k * f.Period + f.Period / 2, EventKind.Fault, i, 0);
                }
                continue;
            }
            Push(f.At, EventKind.Fault, i, 1);
            if (f.Until is { } until) Push(until, EventKind.Fault, i, 0);
        }
    }

    private void Push(double at, EventKind kind, int arg, int path) =>
        _events.Push(new SimEvent(VirtualClock.ToTicks(at), kind, -1, path, arg));

    private bool Selects(FaultSpec f, Link l)
    {
        var controller = _controllers[l.Controller];
        if (f.Kind != FaultKind.ControllerDown)
        {
            if (f.Host is not null && _scenario.Hosts[l.Host].Name != f.Host) return false;
            if (f.HostPort is not null && l.HostPort != f.HostPort) return false;
            if (f.Port is not null && l.ArrayPort != f.Port) return false;
        }
        if (f.Array is not null && _scenario.Arrays[controller.Array].Name != f.Array) return false;
        if (f.Controller is not null && controller.Name != f.Controller) return false;
        return true;
    }
}
