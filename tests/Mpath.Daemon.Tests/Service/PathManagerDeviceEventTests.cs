using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mpath.Core.Config.Loading;
using Mpath.Core.Model;
using Mpath.Daemon.Control;
using Mpath.Daemon.Service;
using Mpath.Daemon.State;
using Mpath.Linux.Checkers;
using Mpath.Linux.Discovery;
using Mpath.Linux.Tests.DeviceMapper;
using Mpath.Linux.Uevents;

namespace Mpath.Daemon.Tests.Service;

/// <summary>Devices appearing, disappearing and changing while the daemon runs (uevents, add/del path), and priority refresh.</summary>
public sealed class PathManagerDeviceEventTests : IDisposable
{
    /// <summary>Delivers a fixed list of uevents at once, then waits to be cancelled, like a socket after a burst.</summary>
    private sealed class BurstListener(IReadOnlyList<Uevent> burst) : IUeventListener
    {
        public async Task RunAsync(IUeventSink sink, CancellationToken cancel)
        {
            foreach (var e in burst) sink.OnUevent(e);
            sink.OnMalformed("test garbage");
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose()
        {
        }
    }

    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeDeviceMapper _dm = new();
    private readonly ChangingHost _host = new();
    private readonly UpChecks _checks = new();
    private readonly DaemonStatePublisher _publisher = new(new DaemonSnapshot([], [], DateTimeOffset.UnixEpoch));
    private PathManager? _manager;

    public void Dispose() => _manager?.Dispose();

    private static PathInfo Path(int lun, int host, AluaAccessState state = AluaAccessState.ActiveOptimized) => ChangingHost.Path(lun, host, state);

    private void Connect(PathInfo path) => _host.Devices[path.Dev] = path;

    /// <summary>Starts the daemon; find_multipaths is off unless a test is about it (multipath-tools' default, strict, needs the wwids file).</summary>
    private PathManager Start(string settings = "")
    {
        if (!settings.Contains("find_multipaths ", StringComparison.Ordinal)) settings += " find_multipaths no\n";
        var conf = "defaults {\n path_grouping_policy group_by_prio\n prio alua\n no_path_retry queue\n config_dir /test/none\n" + settings + "}\n";
        var config = ConfigLoader.Load("/test/multipath.conf", new InMemoryConfigFiles(new Dictionary<string, string> { ["/test/multipath.conf"] = conf }), mainRequired: true).Config;
        _manager = new PathManager(config, _host, _dm, _checks, _publisher, _time, NullLogger.Instance, () => { });
        _manager.Start();
        return _manager;
    }

    private static IReadOnlyList<DeviceEvent> Events(DeviceChange change, params PathInfo[] paths) => paths.Select(p => new DeviceEvent(p.Dev, change)).ToList();

    private MapSnapshot MapOf(int lun) => _publisher.Current.Maps.Single(m => m.Wwid == $"36001405000{lun:d3}");

    private int Reloads(string name) => _dm.Calls.Count(c => c == $"reload {name}");

    [Fact]
    public async Task A_storm_of_new_paths_gives_one_create_per_new_lun_and_one_reload_per_existing_map()
    {
        Connect(Path(0, 0));
        Connect(Path(0, 1));
        Start();
        var existing = MapOf(0).Name;
        _dm.Calls.Clear();
        var arriving = new List<PathInfo> { Path(0, 2), Path(0, 3) };
        for (var lun = 1; lun <= 8; lun++)
        {
            for (var host = 0; host < 8; host++) arriving.Add(Path(lun, host));
        }
        arriving.ForEach(Connect);

        await _manager!.ApplyDeviceEventsAsync(Events(DeviceChange.Added, [.. arriving]), default);

        Assert.Equal(9, _publisher.Current.Maps.Count);
        Assert.Equal(8, _dm.Calls.Count(c => c.StartsWith("create", StringComparison.Ordinal)));
        Assert.Equal(1, Reloads(existing));
        Assert.Equal(4, MapOf(0).Paths.Count());
        Assert.All(Enumerable.Range(1, 8), lun => Assert.Equal(8, MapOf(lun).Paths.Count()));
        Assert.Contains(Path(0, 3).DevT, _dm.Maps[existing].Spec.Parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_uevent_pump_merges_a_burst_into_one_batch()
    {
        Connect(Path(0, 0));
        Connect(Path(0, 1));
        Start();
        var name = MapOf(0).Name;
        _dm.Calls.Clear();
        Connect(Path(0, 2));
        Connect(Path(0, 3));
        Uevent Event(string action, PathInfo p) =>
            UeventParser.Parse(System.Text.Encoding.UTF8.GetBytes($"{action}@/devices/x/block/{p.Dev}\0SUBSYSTEM=block\0DEVTYPE=disk\0")).Value!;
        var burst = new[]
        {
            Event("add", Path(0, 2)), Event("change", Path(0, 2)), Event("add", Path(0, 3)), Event("add", Path(1, 0)), Event("remove", Path(1, 0)),
            UeventParser.Parse("add@/devices/x/block/sdc/sdc1\0SUBSYSTEM=block\0DEVTYPE=partition\0"u8).Value!,
        };
        using var stop = new CancellationTokenSource();
        var pump = new UeventPump(new BurstListener(burst), _manager!, TimeProvider.System, NullLogger.Instance) { QuietWindow = TimeSpan.FromMilliseconds(1) };
        var running = pump.RunAsync(stop.Token);
        for (var i = 0; i < 1000 && MapOf(0).Paths.Count() < 4; i++) await Task.Delay(10);
        await stop.CancelAsync();
        await running;

        Assert.Equal(4, MapOf(0).Paths.Count());
        Assert.Equal(1, Reloads(name));
        Assert.DoesNotContain(_dm.Calls, c => c.StartsWith("create", StringComparison.Ordinal));
        // add+remove of sdi within the batch: never probed; the partition event never reached the manager either.
        Assert.Equal(2, _host.Probes);
    }

    [Fact]
    public async Task A_removed_path_leaves_its_map_with_one_reload_and_the_rest_keep_their_state()
    {
        Connect(Path(0, 0));
        Connect(Path(0, 1));
        Connect(Path(0, 2));
        Start();
        await _manager!.CheckDueAsync(default);
        var name = MapOf(0).Name;
        _host.Devices.Remove(Path(0, 1).Dev);

        await _manager.ApplyDeviceEventsAsync(Events(DeviceChange.Removed, Path(0, 1)), default);

        Assert.Equal(1, Reloads(name));
        Assert.DoesNotContain(Path(0, 1).DevT + " ", _dm.Maps[name].Spec.Parameters, StringComparison.Ordinal);
        Assert.Equal([Path(0, 0).Dev, Path(0, 2).Dev], MapOf(0).Paths.Select(p => p.Info.Dev).Order());
        Assert.All(MapOf(0).Paths, p => Assert.Equal(CheckerState.Up, p.CheckerState));
        // the checker lets go of the removed node (it may hold it open), of no other
        Assert.Equal([Path(0, 1).Dev], _checks.Forgotten);
    }

    [Fact]
    public async Task An_unused_map_losing_its_last_path_stops_queueing_and_is_removed()
    {
        Connect(Path(0, 0));
        Start();
        var name = MapOf(0).Name;
        _host.Devices.Clear();

        await _manager!.ApplyDeviceEventsAsync(Events(DeviceChange.Removed, Path(0, 0)), default);

        Assert.Contains($"message {name} fail_if_no_path", _dm.Calls);
        Assert.Contains($"remove {name} RefuseIfOpen", _dm.Calls);
        Assert.Empty(_publisher.Current.Maps);
    }

    [Fact]
    public async Task An_open_queueing_map_losing_its_last_path_is_kept_queueing_with_no_paths_and_takes_a_returning_path()
    {
        Connect(Path(0, 0));
        Start();
        var name = MapOf(0).Name;
        _dm.Maps[name].OpenCount = 1;
        _host.Devices.Clear();

        await _manager!.ApplyDeviceEventsAsync(Events(DeviceChange.Removed, Path(0, 0)), default);

        Assert.DoesNotContain(_dm.Calls, c => c.StartsWith("remove", StringComparison.Ordinal) || c.Contains("fail_if_no_path", StringComparison.Ordinal));
        Assert.Equal("1 queue_if_no_path 1 alua 0 0", _dm.Maps[name].Spec.Parameters);
        Assert.Empty(MapOf(0).Paths);

        Connect(Path(0, 0));
        Assert.Equal("ok\n", await _manager.ExecuteAsync(ControlCommandGrammar.Parse($"add path {Path(0, 0).Dev}").Command!, default));
        Assert.Single(MapOf(0).Paths);
        Assert.Contains(Path(0, 0).DevT, _dm.Maps[name].Spec.Parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flush_on_last_del_always_stops_queueing_on_an_open_map_but_never_removes_it()
    {
        Connect(Path(0, 0));
        Start(" flush_on_last_del always\n");
        var name = MapOf(0).Name;
        _dm.Maps[name].OpenCount = 2;
        _host.Devices.Clear();

        await _manager!.ApplyDeviceEventsAsync(Events(DeviceChange.Removed, Path(0, 0)), default);

        Assert.Contains($"message {name} fail_if_no_path", _dm.Calls);
        Assert.DoesNotContain(_dm.Calls, c => c.StartsWith("remove", StringComparison.Ordinal));
        Assert.Equal("0 1 alua 0 0", _dm.Maps[name].Spec.Parameters);
    }

    [Fact]
    public async Task Del_path_and_add_path_commands_take_the_uevent_path()
    {
        Connect(Path(0, 0));
        Connect(Path(0, 1));
        Start();
        var name = MapOf(0).Name;
        ControlCommand Command(string text) => ControlCommandGrammar.Parse(text).Command!;

        Assert.Equal("ok\n", await _manager!.ExecuteAsync(Command($"del path /dev/{Path(0, 1).Dev}"), default));
        Assert.Single(MapOf(0).Paths);
        Assert.Equal("fail\n", await _manager.ExecuteAsync(Command($"del path {Path(0, 1).Dev}"), default));
        Assert.Equal("ok\n", await _manager.ExecuteAsync(Command($"add path {Path(0, 1).Dev}"), default));
        Assert.Equal(2, MapOf(0).Paths.Count());
        Assert.Equal("fail\n", await _manager.ExecuteAsync(Command("add path sdzz"), default));
        Assert.Equal(2, Reloads(name));
    }

    [Fact]
    public async Task A_path_whose_wwid_changed_moves_to_its_new_lun_and_a_size_change_is_not_applied()
    {
        Connect(Path(0, 0));
        Connect(Path(0, 1));
        Connect(Path(1, 0));
        Start();
        var moved = Path(0, 1) with { Wwid = Path(1, 0).Wwid };
        Connect(moved);
        await _manager!.ApplyDeviceEventsAsync([new DeviceEvent(moved.Dev, DeviceChange.Changed)], default);
        Assert.Equal([Path(0, 0).Dev], MapOf(0).Paths.Select(p => p.Info.Dev));
        Assert.Contains(moved.Dev, MapOf(1).Paths.Select(p => p.Info.Dev));

        _dm.Calls.Clear();
        Connect(Path(0, 0) with { SizeSectors = 4096 });
        await _manager.ApplyDeviceEventsAsync([new DeviceEvent(Path(0, 0).Dev, DeviceChange.Changed)], default);
        Assert.DoesNotContain(_dm.Calls, c => c.StartsWith("reload", StringComparison.Ordinal));
        Assert.Equal(2048, MapOf(0).SizeSectors);
    }

    [Fact]
    public async Task A_blacklisted_new_path_makes_no_map()
    {
        Connect(Path(0, 0));
        Start();
        var conf = "defaults {\n config_dir /test/none\n find_multipaths no\n}\nblacklist {\n wwid 36001405000001\n}\n";
        _manager!.Reconfigure(ConfigLoader.Load("/c", new InMemoryConfigFiles(new Dictionary<string, string> { ["/c"] = conf }), mainRequired: true).Config);
        Connect(Path(1, 0));
        await _manager.ApplyDeviceEventsAsync(Events(DeviceChange.Added, Path(1, 0)), default);
        Assert.Single(_publisher.Current.Maps);
    }

    private async Task CheckFor(double seconds)
    {
        for (var t = 0.0; t <= seconds; t += 5)
        {
            _time.SetUtcNow(T0 + TimeSpan.FromSeconds(t));
            await _manager!.CheckDueAsync(default);
        }
    }

    /// <summary>LUN 0 on four paths: hosts 0 and 2 in port group 1 (optimized), hosts 1 and 3 in port group 2 (standby).</summary>
    private void ConnectAluaLun()
    {
        for (var host = 0; host < 4; host++) Connect(Path(0, host, host % 2 == 0 ? AluaAccessState.ActiveOptimized : AluaAccessState.Standby));
    }

    /// <summary>The array moves the LUN: port group 2 becomes optimized, port group 1 standby.</summary>
    private void Trespass()
    {
        for (var host = 0; host < 4; host++) Connect(Path(0, host, host % 2 == 1 ? AluaAccessState.ActiveOptimized : AluaAccessState.Standby));
    }

    [Fact]
    public async Task Group_by_prio_with_immediate_failback_regroups_when_alua_priorities_change()
    {
        ConnectAluaLun();
        Start(" failback immediate\n");
        var name = MapOf(0).Name;
        await CheckFor(0);
        Assert.Equal([Path(0, 0).Dev, Path(0, 2).Dev], MapOf(0).Groups[0].Paths.Select(p => p.Info.Dev));
        _dm.Calls.Clear();
        Trespass();
        var probesBefore = _host.Probes;

        await CheckFor(200);

        // alua priorities were read again by the light refresh, never by probing the devices whole
        Assert.True(_host.Refreshes > 0);
        Assert.Equal(probesBefore, _host.Probes);
        Assert.Equal(1, Reloads(name));
        Assert.Equal([Path(0, 1).Dev, Path(0, 3).Dev], MapOf(0).Groups[0].Paths.Select(p => p.Info.Dev));
        Assert.Equal(50, MapOf(0).Groups[0].Priority);
        Assert.Equal(1, MapOf(0).Groups[1].Priority);
    }

    [Theory]
    [InlineData("followover")]
    [InlineData("manual")]
    public async Task A_priority_refresh_never_turns_followover_or_manual_into_immediate(string failback)
    {
        ConnectAluaLun();
        Start($" failback {failback}\n");
        await CheckFor(0);
        _dm.Calls.Clear();
        Trespass();

        await CheckFor(200);

        Assert.DoesNotContain(_dm.Calls, c => c.StartsWith("reload", StringComparison.Ordinal) || c.Contains("switch_group", StringComparison.Ordinal));
        // The new priorities are shown; the groups stay as loaded.
        var first = MapOf(0).Groups[0];
        Assert.Equal([Path(0, 0).Dev, Path(0, 2).Dev], first.Paths.Select(p => p.Info.Dev));
        Assert.All(first.Paths, p => Assert.Equal(1, p.Priority));
        Assert.All(MapOf(0).Groups[1].Paths, p => Assert.Equal(50, p.Priority));
    }

    [Fact]
    public async Task The_first_check_does_not_probe_again_what_discovery_just_read()
    {
        ConnectAluaLun();
        Start(" failback immediate\n");
        await CheckFor(0);
        Assert.Equal(0, _host.Probes);
        Assert.Equal(50, MapOf(0).Groups[0].Priority);
    }

    [Fact]
    public async Task Const_priorities_are_never_read_again()
    {
        Connect(Path(0, 0));
        Start(" prio const\n detect_prio no\n");
        await CheckFor(300);
        Assert.Equal(0, _host.Probes);
    }

    [Fact]
    public async Task Immediate_failback_follows_a_priority_change_that_keeps_the_groups_in_the_same_cycle()
    {
        ConnectAluaLun();
        Start(" failback immediate\n");
        var name = MapOf(0).Name;
        await CheckFor(0);
        // Another host's I/O made port group 1 unusable for a moment: the kernel failed its paths and runs group 2.
        _dm.Maps[name].Status = "2 0 0 0 2 2 E 0 2 2 8:0 F 1 0 1 8:32 F 1 0 1 A 0 2 2 8:16 A 0 0 1 8:48 A 0 0 1";
        _time.SetUtcNow(T0 + TimeSpan.FromSeconds(5));
        await _manager!.CheckDueAsync(default);
        Assert.Equal(PathGroupState.Active, MapOf(0).Groups[1].State);
        // Port group 1 comes back non-optimized (priority 50 -> 10): still ahead of group 2 (standby, 1), so the
        // regroup keeps the table, and failback immediate must not wait for the next check to return.
        _dm.Maps[name].Status = "2 0 0 0 2 2 E 0 2 2 8:0 A 1 0 1 8:32 A 1 0 1 A 0 2 2 8:16 A 0 0 1 8:48 A 0 0 1";
        Connect(Path(0, 0, AluaAccessState.ActiveNonOptimized));
        Connect(Path(0, 2, AluaAccessState.ActiveNonOptimized));
        _dm.Calls.Clear();
        for (var t = 10; t <= 60 && MapOf(0).Groups[0].Priority != 10; t += 5)
        {
            _time.SetUtcNow(T0 + TimeSpan.FromSeconds(t));
            await _manager.CheckDueAsync(default);
        }

        Assert.Equal(10, MapOf(0).Groups[0].Priority);
        Assert.Contains($"message {name} switch_group 1", _dm.Calls);
        Assert.Equal(0, Reloads(name));
    }
}
