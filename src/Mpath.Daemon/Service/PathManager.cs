using Microsoft.Extensions.Logging;
using Mpath.Core.Config.Sections;
using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Core.Planning;
using Mpath.Core.Topology.DeviceMapper;
using Mpath.Daemon.Control;
using Mpath.Daemon.Metrics;
using Mpath.Daemon.Show;
using Mpath.Daemon.State;
using Mpath.Linux.Checkers;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;
using Mpath.Linux.Sampling;

namespace Mpath.Daemon.Service;

/// <summary>
/// The daemon's heart: takes over the host's multipath maps, checks paths when the engine says they are due, feeds
/// checker results and kernel state to each map's engine, executes its decisions, and publishes a snapshot for the
/// control socket after every change. State changes are serialized by one gate that is never held while a device is
/// being checked, so a hung path delays nothing else and <c>show</c> commands never wait at all.
/// </summary>
public sealed partial class PathManager : IControlCommandExecutor, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Dictionary<string, MapRuntime> _maps = new(StringComparer.Ordinal);
    private readonly IPathDiscovery _discovery;
    private readonly IDeviceMapper _dm;
    private readonly IPathCheckService _checks;
    private readonly DaemonStatePublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ActionExecutor _executor;
    private readonly Action _requestShutdown;
    private readonly IDaemonMetrics _metrics;
    private readonly List<EngineAction> _actions = [];
    private readonly HashSet<string> _eventsPending = new(StringComparer.Ordinal);
    /// <summary>Every path device the daemon knows, as last probed (discovery, uevents, priority refreshes).</summary>
    private readonly Dictionary<string, DiscoveredPath> _known = new(StringComparer.Ordinal);
    /// <summary>Maps the engine asked to regroup and reload; done once per map at the end of the step that asked.</summary>
    private readonly HashSet<string> _reloadRequested = new(StringComparer.Ordinal);
    private readonly PriorityRefresh _priorities;
    private DmEventWatcher? _events;
    private MultipathConfig _config;

    public PathManager(MultipathConfig config, IPathDiscovery discovery, IDeviceMapper deviceMapper, IPathCheckService checks,
        DaemonStatePublisher publisher, TimeProvider time, ILogger logger, Action requestShutdown, IDaemonMetrics? metrics = null)
    {
        _config = config;
        _discovery = discovery;
        _dm = deviceMapper;
        _checks = checks;
        _publisher = publisher;
        _time = time;
        _logger = logger;
        _requestShutdown = requestShutdown;
        _metrics = metrics ?? NoDaemonMetrics.Instance;
        _executor = new ActionExecutor(deviceMapper, logger, _metrics);
        _priorities = new PriorityRefresh(discovery);
    }

    /// <summary>Which dm names and uuids this daemon owns (a named instance only in labs running several in one kernel).</summary>
    public MapNamespace Namespace { get; init; } = MapNamespace.Default;

    /// <summary>Samples marginal paths (marginal_path_*); direct reads on the device unless a test substitutes its own.</summary>
    public IIoErrorSampler IoSampler { get; init; } = new DirectReadSampler();

    /// <summary>Per-path SG_IO/read timeout (multipath.conf checker_timeout; the SCSI default when unset).</summary>
    public TimeSpan CheckerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Wait for each map's dm events on a thread of its own and sync the kernel's view at once (the daemon turns this
    /// on; without it the kernel's view is read after each check of the map).
    /// </summary>
    public bool WatchDmEvents { get; init; }

    /// <summary>With <see cref="WatchDmEvents"/>: one signal for every map's events (DM_DEV_ARM_POLL); null: a waiting thread per map.</summary>
    public IDmEventSignal? DmEventSignal { get; init; }

    /// <summary>
    /// Longest sleep of the check loop when nothing is due. The systemd watchdog shortens it to half its timeout, so
    /// <see cref="LoopAlive"/> proves the loop (and its state gate) still turns.
    /// </summary>
    public TimeSpan MaxIdle { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Called on every turn of the check loop, after the state gate was taken and released (the watchdog's pulse).</summary>
    public Action? LoopAlive { get; init; }

    /// <summary>Discovers paths, assembles maps, creates the missing ones and adopts the existing ones, then publishes.</summary>
    public void Start()
    {
        if (WatchDmEvents) _events = new DmEventWatcher(_dm, OnDmEvent, _logger, DmEventSignal);
        _gate.Wait();
        try
        {
            Reconcile();
            Publish();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks paths as they fall due until cancelled; wakes only when something is due or was asked for.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            var delay = await NextDueAsync(cancel).ConfigureAwait(false) - _time.GetUtcNow();
            LoopAlive?.Invoke();
            if (delay > TimeSpan.Zero)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                var sleep = Task.Delay(delay, _time, linked.Token);
                var woken = _wake.WaitAsync(linked.Token);
                await Task.WhenAny(sleep, woken).ConfigureAwait(false);
                await linked.CancelAsync().ConfigureAwait(false);
                if (cancel.IsCancellationRequested) break;
            }
            await CheckDueAsync(cancel).ConfigureAwait(false);
        }
    }

    private void OnDmEvent(string name)
    {
        lock (_eventsPending) _eventsPending.Add(name);
        _wake.Release();
    }

    /// <summary>Runs every check that is due now (concurrently, outside the gate), then applies the results.</summary>
    public async Task CheckDueAsync(CancellationToken cancel)
    {
        var now = _time.GetUtcNow();
        List<DueCheck> due = [];
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            string[] signalled;
            lock (_eventsPending)
            {
                signalled = [.. _eventsPending];
                _eventsPending.Clear();
            }
            foreach (var name in signalled)
            {
                if (_maps.TryGetValue(name, out var map)) SyncKernelState(map);
            }
            foreach (var map in _maps.Values)
            {
                for (var i = 0; i < map.Engine.PathCount; i++)
                {
                    if (map.Engine.NextCheckDue(i) > now) continue;
                    var (prioritizer, args) = map.PrioritizerOf(i);
                    due.Add(new DueCheck(map, i, map.PathInfoAt(i), map.Engine.Path(i).CheckerState, PriorityRefresh.IsDue(map, i), prioritizer, args,
                        map.Engine.Path(i).Priority, _known.GetValueOrDefault(map.Engine.Path(i).Dev)));
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        var results = await Task.WhenAll(due.Select(CheckAndRefreshAsync)).ConfigureAwait(false);
        var siblings = await RefreshSiblingsAsync(due, results, cancel).ConfigureAwait(false);

        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var touched = new HashSet<MapRuntime>();
            for (var i = 0; i < due.Count; i++)
            {
                var (map, path) = (due[i].Map, due[i].Path);
                if (!_maps.TryGetValue(map.DmName, out var current) || !ReferenceEquals(current, map) || path >= map.Engine.PathCount
                    || map.Engine.Path(path).Dev != due[i].Info.Dev) continue;
                var (result, refreshed) = results[i];
                if (refreshed is not null)
                {
                    map.ChecksSincePriority[due[i].Info.Dev] = 0;
                    _known[due[i].Info.Dev] = refreshed.Probed;
                }
                Step(map, a => map.Engine.OnCheckerResult(path, result.State, refreshed?.Priority ?? -1, a));
                touched.Add(map);
            }
            foreach (var (map, probed) in siblings)
            {
                if (_maps.GetValueOrDefault(map.DmName) == map) _known[probed.Path.Dev] = probed;
            }
            var later = _time.GetUtcNow();
            foreach (var map in _maps.Values)
            {
                if (map.Engine.NextTimerDue is { } t && t <= later) Step(map, map.Engine.OnTimer);
                if (touched.Contains(map)) SyncKernelState(map);
            }
            ReleaseExpiredHolds(later);
            ReloadRequested();
            Publish();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Commands that change state (the dispatcher has already checked the peer is root).</summary>
    public async ValueTask<string> ExecuteAsync(ControlCommand command, CancellationToken cancel)
    {
        if (command.Shape is "add path $path" or "del path $path")
        {
            return await PathCommandAsync(command, cancel).ConfigureAwait(false);
        }
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var reply = Execute(command);
            ReloadRequested();
            Publish();
            return reply;
        }
        finally
        {
            _gate.Release();
            _wake.Release();
        }
    }

    /// <summary>Replaces the configuration (reconfigure): maps are re-planned; healthy unchanged maps are not touched.</summary>
    public void Reconfigure(MultipathConfig config)
    {
        _gate.Wait();
        try
        {
            _config = config;
            Reconcile();
            Publish();
        }
        finally
        {
            _gate.Release();
        }
    }

    private string Execute(ControlCommand command)
    {
        switch (command.Shape)
        {
            case "fail path $path":
                return OnPath(command.Parameter("path"), (map, i) => Step(map, a => map.Engine.OperatorFailPath(i, a)));
            case "reinstate path $path":
                return OnPath(command.Parameter("path"), (map, i) => Step(map, a => map.Engine.OperatorReinstatePath(i, a)));
            case "switch map $map group $group":
                if (!int.TryParse(command.Parameter("group"), out var group)) return ShowCommandRenderer.FailReply;
                return OnMap(command.Parameter("map"), map =>
                {
                    var ok = false;
                    Step(map, a => ok = map.Engine.OperatorSwitchGroup(group, a));
                    return ok;
                });
            case "disablequeueing map $map":
                return OnMap(command.Parameter("map"), map => Step(map, map.Engine.OperatorDisableQueueing));
            case "restorequeueing map $map":
                return OnMap(command.Parameter("map"), map => Step(map, map.Engine.OperatorRestoreQueueing));
            case "disablequeueing maps":
                foreach (var map in _maps.Values) Step(map, map.Engine.OperatorDisableQueueing);
                return ShowCommandRenderer.OkReply;
            case "restorequeueing maps":
                foreach (var map in _maps.Values) Step(map, map.Engine.OperatorRestoreQueueing);
                return ShowCommandRenderer.OkReply;
            case "reconfigure":
            case "reconfigure all":
                Reconcile();
                return ShowCommandRenderer.OkReply;
            case "shutdown":
                _requestShutdown();
                return ShowCommandRenderer.OkReply;
            default:
                return $"error: '{command.Shape.Replace("$", "", StringComparison.Ordinal)}' is not supported by mpath yet\n";
        }
    }

    private string OnPath(string dev, Action<MapRuntime, int> act)
    {
        dev = dev.StartsWith("/dev/", StringComparison.Ordinal) ? dev[5..] : dev;
        foreach (var map in _maps.Values)
        {
            var i = map.Engine.IndexOf(dev);
            if (i < 0) continue;
            act(map, i);
            return ShowCommandRenderer.OkReply;
        }
        return ShowCommandRenderer.FailReply;
    }

    private string OnMap(string name, Func<MapRuntime, bool> act) =>
        _maps.TryGetValue(name, out var map) && act(map) ? ShowCommandRenderer.OkReply : ShowCommandRenderer.FailReply;

    private bool Step(MapRuntime map, Action<List<EngineAction>> input)
    {
        _actions.Clear();
        input(_actions);
        if (_actions.Any(a => a.Kind == ActionKind.ReloadMap)) _reloadRequested.Add(map.DmName);
        var ok = _executor.Execute(map, _actions) == 0;
        foreach (var action in _actions)
        {
            if (action.Kind == ActionKind.SampleIo) StartSample(map, map.Engine.Path(action.Path).Dev, TimeSpan.FromSeconds(action.Count));
        }
        return ok;
    }

    /// <summary>Reads the kernel's view (dm status) and tells the engine what the kernel did on its own.</summary>
    private void SyncKernelState(MapRuntime map)
    {
        IReadOnlyList<DmTarget> status;
        try
        {
            status = _dm.GetStatus(map.DmName);
        }
        catch (DeviceMapperException e)
        {
            _logger.LogError("{Map}: cannot read dm status: {Error}", map.DmName, e.Message);
            return;
        }
        if (status.Count != 1 || DmStatus.Parse(status[0].Parameters).Value is not { } parsed) return;
        for (var g = 0; g < parsed.Groups.Count; g++)
        {
            var group = parsed.Groups[g];
            foreach (var path in group.Paths)
            {
                var index = IndexOfDevT(map, path.Device);
                if (index < 0) continue;
                var engineState = map.Engine.Path(index).DmState;
                if (path.State == DmPathState.Failed && engineState == DmPathState.Active)
                {
                    PriorityRefresh.Suspect(map);
                    Step(map, a => map.Engine.OnKernelPathFailed(index, a));
                }
                else if (path.State == DmPathState.Active && engineState == DmPathState.Failed)
                {
                    map.Engine.OnKernelPathReinstated(index);
                }
            }
            if (group.State == DmGroupState.Active && g + 1 != map.Engine.CurrentGroup)
            {
                PriorityRefresh.Suspect(map);
                Step(map, a => map.Engine.OnKernelGroupSwitched(g + 1, a));
            }
        }
    }

    private static int IndexOfDevT(MapRuntime map, string devT)
    {
        for (var i = 0; i < map.Engine.PathCount; i++)
        {
            if (map.DevT(i) == devT) return i;
        }
        return -1;
    }

    private async Task<DateTimeOffset> NextDueAsync(CancellationToken cancel)
    {
        var next = _time.GetUtcNow() + MaxIdle;
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            foreach (var map in _maps.Values)
            {
                for (var i = 0; i < map.Engine.PathCount; i++)
                {
                    var due = map.Engine.NextCheckDue(i);
                    if (due < next) next = due;
                }
                if (map.Engine.NextTimerDue is { } t && t < next) next = t;
            }
            if (_holds.NextDeadline is { } deadline && deadline < next) next = deadline;
        }
        finally
        {
            _gate.Release();
        }
        return next;
    }

    private void Publish()
    {
        var now = _time.GetUtcNow();
        _publisher.Publish(new DaemonSnapshot(_maps.Values.OrderBy(m => m.DmName, StringComparer.Ordinal).Select(m => m.ToSnapshot(now)).ToList(), [], now));
    }

    public void Dispose()
    {
        _events?.Dispose();
        _stopSampling.Cancel();
        _stopSampling.Dispose();
        _gate.Dispose();
        _wake.Dispose();
    }
}
