using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mpath.Core.Config.Loading;
using Mpath.Core.Model;
using Mpath.Daemon.Control;
using Mpath.Daemon.Service;
using Mpath.Daemon.State;
using Mpath.Linux.Checkers;
using Mpath.Linux.Discovery;
using Mpath.Linux.Sampling;
using Mpath.Linux.Tests.DeviceMapper;

namespace Mpath.Daemon.Tests.Service;

[Collection(Mpath.Daemon.Tests.Metrics.MeterCollection.Name)]
public sealed class PathManagerTests : IDisposable
{
    private const string Wwid = "36001405aaaa";

    private sealed class FixedDiscovery(IReadOnlyList<PathInfo> paths) : IPathDiscovery
    {
        public DiscoveryResult Discover() => new(paths.Select(p => new DiscoveredPath(p, "running", WwidSource.Udev)).ToList(), []);
    }

    /// <summary>Answers checks from a table the test changes, like a fabric the test controls.</summary>
    private sealed class ScriptedChecks : IPathCheckService
    {
        public Dictionary<string, CheckerState> States { get; } = new(StringComparer.Ordinal);
        public List<string> Checked { get; } = [];
        public List<string> Forgotten { get; } = [];

        public void Forget(string dev) => Forgotten.Add(dev);

        public Task<CheckerResult> CheckAsync(PathInfo path, string checkerName, TimeSpan timeout)
        {
            Checked.Add(path.Dev);
            return Task.FromResult(new CheckerResult(States.GetValueOrDefault(path.Dev, CheckerState.Up), "scripted"));
        }
    }

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeDeviceMapper _dm = new();
    private readonly ScriptedChecks _checks = new();
    private readonly DaemonStatePublisher _publisher = new(new DaemonSnapshot([], [], DateTimeOffset.UnixEpoch));
    private PathManager? _manager;
    private bool _shutdownRequested;

    public void Dispose() => _manager?.Dispose();

    private static PathInfo Path(string dev, string devT, int tpg, AluaAccessState state) =>
        new(dev, devT, $"0:0:{tpg}:1", "ACME", "ARRAY", "1", Wwid, SizeSectors: 2048, Alua: new AluaInfo(tpg, state, false));

    private static readonly PathInfo[] FourPaths =
    [
        Path("sda", "8:0", 1, AluaAccessState.ActiveOptimized), Path("sdb", "8:16", 1, AluaAccessState.ActiveOptimized),
        Path("sdc", "8:32", 2, AluaAccessState.Standby), Path("sdd", "8:48", 2, AluaAccessState.Standby),
    ];

    /// <summary>The fake device-mapper, except that waiting for an event blocks until the test signals one.</summary>
    private sealed class EventedDeviceMapper(FakeDeviceMapper inner) : Mpath.Linux.DeviceMapper.IDeviceMapper
    {
        public SemaphoreSlim Events { get; } = new(0);
        public IReadOnlyList<Mpath.Linux.DeviceMapper.DmDevice> List() => inner.List();
        public Mpath.Linux.DeviceMapper.DmInfo? GetInfo(string name) => inner.GetInfo(name);
        public IReadOnlyList<Mpath.Linux.DeviceMapper.DmTarget> GetTable(string name) => inner.GetTable(name);
        public IReadOnlyList<Mpath.Linux.DeviceMapper.DmTarget> GetStatus(string name) => inner.GetStatus(name);
        public void Create(Mpath.Linux.DeviceMapper.DmMapSpec spec) => inner.Create(spec);
        public void Reload(Mpath.Linux.DeviceMapper.DmMapSpec spec) => inner.Reload(spec);
        public void Suspend(string name, bool flush) => inner.Suspend(name, flush);
        public void Resume(string name) => inner.Resume(name);
        public void Remove(string name, Mpath.Linux.DeviceMapper.DmRemoveMode mode) => inner.Remove(name, mode);
        public string Message(string name, string message) => inner.Message(name, message);
        public IReadOnlyDictionary<string, uint> ListEventNumbers() => inner.ListEventNumbers();

        public uint WaitForEvent(string name, uint eventNumber)
        {
            Events.Wait();
            return eventNumber + 1;
        }
    }

    /// <summary>Answers samples from a queue the test fills, and records what was asked.</summary>
    private sealed class ScriptedSampler : IIoErrorSampler
    {
        public Queue<IoSample> Results { get; } = new();
        public List<(string Device, TimeSpan Duration)> Asked { get; } = [];

        public Task<IoSample> SampleAsync(string devicePath, TimeSpan duration, CancellationToken cancel)
        {
            lock (Asked) Asked.Add((devicePath, duration));
            return Task.FromResult(Results.Dequeue());
        }
    }

    private readonly ScriptedSampler _sampler = new();

    private PathManager Start(string failback = "followover", Mpath.Linux.DeviceMapper.IDeviceMapper? dm = null, bool watchEvents = false,
        string extraDefaults = "", PathInfo[]? paths = null, Core.Planning.MapNamespace? mapNamespace = null,
        Mpath.Daemon.Metrics.IDaemonMetrics? metrics = null)
    {
        var config = LoadConfig(failback, extraDefaults);
        _manager = new PathManager(config, new FixedDiscovery(paths ?? FourPaths), dm ?? _dm, _checks, _publisher, _time, NullLogger.Instance, () => _shutdownRequested = true, metrics)
        {
            WatchDmEvents = watchEvents,
            Namespace = mapNamespace ?? Core.Planning.MapNamespace.Default,
            IoSampler = _sampler,
        };
        _manager.Start();
        return _manager;
    }

    private static Mpath.Core.Config.Sections.MultipathConfig LoadConfig(string failback, string extraDefaults = "")
    {
        var conf = $"defaults {{\n failback {failback}\n path_grouping_policy group_by_prio\n prio alua\n no_path_retry queue\n{extraDefaults}}}\n";
        return ConfigLoader.Load("/test/multipath.conf", new InMemoryConfigFiles(new Dictionary<string, string> { ["/test/multipath.conf"] = conf + "defaults {\n config_dir /test/none\n find_multipaths no\n}\n" }), mainRequired: true).Config;
    }

    private async Task CheckAt(double seconds)
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) + TimeSpan.FromSeconds(seconds));
        await _manager!.CheckDueAsync(CancellationToken.None);
    }

    private static ControlCommand Command(string text) => ControlCommandGrammar.Parse(text).Command!;

    [Fact]
    public void Start_creates_the_planned_map_and_publishes_it()
    {
        Start();
        var created = Assert.Single(_dm.Maps.Values);
        Assert.Equal("mpath-" + Wwid, created.Spec.Uuid);
        Assert.Contains("8:0", created.Spec.Parameters, StringComparison.Ordinal);
        var map = Assert.Single(_publisher.Current.Maps);
        Assert.Equal(2, map.Groups.Count);
        Assert.Equal(["sda", "sdb"], map.Groups[0].Paths.Select(p => p.Info.Dev));
    }

    [Fact]
    public void Named_instances_share_a_kernel_without_touching_each_others_maps()
    {
        var srvA = Core.Planning.MapNamespace.ForInstance("srvA").Namespace!;
        var srvB = Core.Planning.MapNamespace.ForInstance("srvB").Namespace!;
        // The default instance's map of the same WWID exists already: a named instance must create its own, not adopt it.
        _dm.Add("mpatha", "mpath-" + Wwid, 2048, "0 0 1 1 round-robin 0 1 1 8:0 1", "");
        Start(mapNamespace: srvA);
        _manager!.Dispose();
        Start(mapNamespace: srvB);
        Assert.Equal(["mpath-" + Wwid, "srvA-mpath-" + Wwid, "srvB-mpath-" + Wwid], _dm.Maps.Values.Select(m => m.Spec.Uuid).Order());
        Assert.Equal(["mpatha", $"srvA-{Wwid}", $"srvB-{Wwid}"], _dm.Maps.Keys.Order());
        Assert.Equal("0 0 1 1 round-robin 0 1 1 8:0 1", _dm.Maps["mpatha"].Spec.Parameters);
        var published = Assert.Single(_publisher.Current.Maps);
        Assert.Equal(($"srvB-{Wwid}", "srvB-mpath-" + Wwid, Wwid), (published.Name, published.DmUuid, published.Wwid));

        // Restarted, instance A adopts its own map by uuid and leaves B's and the default one alone.
        _manager!.Dispose();
        _dm.Calls.Clear();
        Start(mapNamespace: srvA);
        Assert.DoesNotContain(_dm.Calls, c => c.StartsWith("create", StringComparison.Ordinal) || c.StartsWith("reload", StringComparison.Ordinal));
        Assert.Equal($"srvA-{Wwid}", Assert.Single(_publisher.Current.Maps).Name);
    }

    [Fact]
    public void Multipath_maps_without_a_uuid_are_left_alone_and_do_not_stop_the_start()
    {
        _dm.Add("byhand1", "", 2048, "0 0 1 1 round-robin 0 1 1 8:0 1", "");
        _dm.Add("byhand2", "", 2048, "0 0 1 1 round-robin 0 1 1 8:16 1", "");
        Start();
        Assert.Equal(3, _dm.Maps.Count);
        Assert.Equal("mpath-" + Wwid, Assert.Single(_publisher.Current.Maps).DmUuid);
    }

    [Fact]
    public void An_existing_map_keeps_its_name_and_is_not_reloaded_when_its_table_is_the_same()
    {
        Start();
        var table = _dm.Maps.Values.Single().Spec.Parameters;
        _dm.Maps.Clear();
        _dm.Calls.Clear();
        _dm.Add("oldname", "mpath-" + Wwid, 2048, table, "");
        _manager!.Dispose();
        Start();
        Assert.DoesNotContain(_dm.Calls, c => c.StartsWith("create", StringComparison.Ordinal) || c.StartsWith("reload", StringComparison.Ordinal));
        Assert.Equal("oldname", Assert.Single(_publisher.Current.Maps).Name);
    }

    [Fact]
    public void An_existing_map_with_a_different_table_is_reloaded_in_place()
    {
        _dm.Add("mpatha", "mpath-" + Wwid, 2048, "0 0 1 1 round-robin 0 1 1 8:0 1", "");
        Start();
        Assert.Contains("reload mpatha", _dm.Calls);
        Assert.DoesNotContain(_dm.Calls, c => c.StartsWith("create", StringComparison.Ordinal) || c.StartsWith("remove", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Checker_down_fails_the_path_in_the_kernel_and_up_reinstates_it()
    {
        Start();
        var name = _dm.Maps.Keys.Single();
        await CheckAt(0);
        _checks.States["sdb"] = CheckerState.Down;
        await CheckAt(30);
        Assert.Contains($"message {name} fail_path 8:16", _dm.Calls);
        Assert.Equal(CheckerState.Down, _publisher.Current.FindPath("sdb")!.State);
        _checks.States["sdb"] = CheckerState.Up;
        await CheckAt(60);
        Assert.Contains($"message {name} reinstate_path 8:16", _dm.Calls);
    }

    [Fact]
    public async Task Followover_does_not_fail_back_when_the_kernel_moved_but_the_checker_saw_no_failure()
    {
        Start();
        var name = _dm.Maps.Keys.Single();
        await CheckAt(0);
        // Another host trespassed the LUN: the kernel failed sda/sdb and moved to group 2; the checker sees ghost.
        _dm.Maps[name].Status = "2 0 0 0 2 2 E 0 2 2 8:0 F 1 0 1 8:16 F 1 0 1 A 0 2 2 8:32 A 0 0 1 8:48 A 0 0 1";
        _checks.States["sda"] = CheckerState.Ghost;
        _checks.States["sdb"] = CheckerState.Ghost;
        await CheckAt(30);
        await CheckAt(60);
        Assert.DoesNotContain(_dm.Calls, c => c.Contains("switch_group", StringComparison.Ordinal));
        Assert.Contains($"message {name} reinstate_path 8:0", _dm.Calls);
    }

    [Fact]
    public async Task Operator_commands_reach_the_kernel_and_unknown_targets_fail()
    {
        var manager = Start();
        var name = _dm.Maps.Keys.Single();
        await CheckAt(0);
        Assert.Equal("ok\n", await manager.ExecuteAsync(Command("fail path sdc"), default));
        Assert.Contains($"message {name} fail_path 8:32", _dm.Calls);
        Assert.Equal("ok\n", await manager.ExecuteAsync(Command($"switch map {name} group 2"), default));
        Assert.Contains($"message {name} switch_group 2", _dm.Calls);
        Assert.Equal("fail\n", await manager.ExecuteAsync(Command("fail path sdz"), default));
        Assert.Equal("fail\n", await manager.ExecuteAsync(Command($"switch map {name} group 9"), default));
        Assert.Equal("fail\n", await manager.ExecuteAsync(Command("disablequeueing map nosuchmap"), default));
        Assert.Equal("ok\n", await manager.ExecuteAsync(Command($"disablequeueing map {name}"), default));
        Assert.Contains($"message {name} fail_if_no_path", _dm.Calls);
        Assert.Equal("ok\n", await manager.ExecuteAsync(Command("shutdown"), default));
        Assert.True(_shutdownRequested);
    }

    [Fact]
    public async Task Executed_decisions_and_checks_are_recorded_as_metrics()
    {
        using var meters = new Mpath.Daemon.Metrics.DaemonMeters(() => _publisher.Current);
        using var recorder = new Metrics.MeterRecorder(meters.Meter);
        var measured = new Mpath.Daemon.Metrics.MeasuredPathCheckService(_checks, meters, _time);
        _manager = new PathManager(LoadConfig("followover"), new FixedDiscovery(FourPaths), _dm, measured, _publisher, _time, NullLogger.Instance,
            () => { }, meters);
        _manager.Start();
        var name = _dm.Maps.Keys.Single();
        await CheckAt(0);
        Assert.Equal(4, recorder.Sum("mpath_path_checks_total", ("checker", "tur"), ("result", "up")));
        Assert.Equal(4, recorder.Count("mpath_path_check_duration_seconds"));
        _checks.States["sdb"] = CheckerState.Down;
        await CheckAt(30);
        Assert.Equal(1, recorder.Sum("mpath_path_failures_total", ("map", name), ("reason", "checker")));
        await _manager.ExecuteAsync(Command($"switch map {name} group 2"), default);
        Assert.Equal(1, recorder.Sum("mpath_group_switches_total", ("map", name), ("reason", "operator")));
        recorder.Observe();
        Assert.Equal(1, recorder.Sum("mpath_paths", ("state", "down")));
        Assert.Equal(1, recorder.Sum("mpath_map_queue_if_no_path", ("map", name)));
        Assert.Equal(0, recorder.Sum("mpath_map_queueing", ("map", name)));
    }

    [Fact]
    public async Task Only_due_paths_are_checked()
    {
        Start();
        await CheckAt(0);
        Assert.Equal(4, _checks.Checked.Count);
        await CheckAt(1);
        Assert.Equal(4, _checks.Checked.Count);
        await CheckAt(10);
        Assert.Equal(8, _checks.Checked.Count);
    }

    [Fact]
    public async Task A_dm_event_makes_the_manager_read_the_kernel_state_without_waiting_for_a_check()
    {
        var evented = new EventedDeviceMapper(_dm);
        Start(dm: evented, watchEvents: true);
        var name = _dm.Maps.Keys.Single();
        await CheckAt(0);
        _dm.Maps[name].Status = "2 0 0 0 2 1 A 0 2 2 8:0 F 1 0 1 8:16 A 0 0 1 E 0 2 2 8:32 A 0 0 1 8:48 A 0 0 1";
        evented.Events.Release();
        var seen = CheckerState.Up;
        for (var i = 0; i < 200 && seen != CheckerState.Down; i++)
        {
            await Task.Delay(10);
            await _manager!.CheckDueAsync(CancellationToken.None);
            seen = _publisher.Current.FindPath("sda")!.State;
        }
        Assert.Equal(CheckerState.Down, seen);
        Assert.Equal(CheckerState.Up, _publisher.Current.FindPath("sda")!.CheckerState);
    }

    private static readonly PathInfo[] AllStandby =
    [
        Path("sda", "8:0", 1, AluaAccessState.Standby), Path("sdb", "8:16", 1, AluaAccessState.Standby),
        Path("sdc", "8:32", 2, AluaAccessState.Standby), Path("sdd", "8:48", 2, AluaAccessState.Standby),
    ];

    [Fact]
    public async Task Ghost_delay_creates_an_all_standby_map_not_ready_and_marks_it_ready_when_the_delay_runs_out()
    {
        Start(extraDefaults: " ghost_delay 30\n", paths: AllStandby);
        var name = _dm.Maps.Keys.Single();
        Assert.True(_dm.Maps[name].Spec.NotReady);
        var table = _dm.Maps[name].Spec.Parameters;
        foreach (var dev in new[] { "sda", "sdb", "sdc", "sdd" }) _checks.States[dev] = CheckerState.Ghost;
        await CheckAt(0);
        await CheckAt(29);
        Assert.DoesNotContain($"reload {name}", _dm.Calls);
        await CheckAt(30);
        Assert.Contains($"reload {name}", _dm.Calls);
        Assert.False(_dm.Maps[name].Spec.NotReady);
        Assert.Equal(table, _dm.Maps[name].Spec.Parameters);
    }

    [Fact]
    public async Task Ghost_delay_ends_at_the_first_active_path_and_a_map_with_a_known_active_path_never_waits()
    {
        Start(extraDefaults: " ghost_delay 30\n", paths: AllStandby);
        var name = _dm.Maps.Keys.Single();
        foreach (var dev in new[] { "sda", "sdb", "sdc" }) _checks.States[dev] = CheckerState.Ghost;
        _checks.States["sdd"] = CheckerState.Up;
        await CheckAt(0);
        Assert.Contains($"reload {name}", _dm.Calls);
        Assert.False(_dm.Maps[name].Spec.NotReady);

        _dm.Maps.Clear();
        _manager!.Dispose();
        Start(extraDefaults: " ghost_delay 30\n");
        Assert.False(_dm.Maps.Values.Single().Spec.NotReady);
    }

    [Fact]
    public async Task A_path_failing_twice_is_sampled_kept_out_after_a_bad_sample_and_reinstated_after_a_good_one()
    {
        Start(extraDefaults: " marginal_path_double_failed_time 60\n marginal_path_err_sample_time 120\n marginal_path_err_rate_threshold 5\n marginal_path_err_recheck_gap_time 300\n");
        var name = _dm.Maps.Keys.Single();
        await CheckAt(0);
        _checks.States["sdb"] = CheckerState.Down;
        await CheckAt(30);
        _checks.States["sdb"] = CheckerState.Up;
        await CheckAt(35);
        _checks.States["sdb"] = CheckerState.Down;
        await CheckAt(40);
        var reinstatesBefore = _dm.Calls.Count(c => c == $"message {name} reinstate_path 8:16");

        _sampler.Results.Enqueue(new IoSample(1200, 120));
        _checks.States["sdb"] = CheckerState.Up;
        await CheckAt(45);
        await _manager!.SamplesApplied;
        Assert.Equal(("/dev/sdb", TimeSpan.FromSeconds(120)), Assert.Single(_sampler.Asked));
        Assert.Equal(CheckerState.Delayed, _publisher.Current.FindPath("sdb")!.State);
        await CheckAt(300);

        _sampler.Results.Enqueue(new IoSample(1200, 0));
        await CheckAt(346);
        await _manager.SamplesApplied;
        Assert.Equal(2, _sampler.Asked.Count);
        Assert.Equal(reinstatesBefore, _dm.Calls.Count(c => c == $"message {name} reinstate_path 8:16"));
        await CheckAt(346);
        Assert.Equal(reinstatesBefore + 1, _dm.Calls.Count(c => c == $"message {name} reinstate_path 8:16"));
        Assert.Equal(CheckerState.Up, _publisher.Current.FindPath("sdb")!.State);
    }
}
