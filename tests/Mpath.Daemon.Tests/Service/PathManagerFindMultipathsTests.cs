using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Sections;
using Mpath.Core.Topology.Naming;
using Mpath.Daemon.Control;
using Mpath.Daemon.Service;
using Mpath.Daemon.State;
using Mpath.Linux.Discovery;
using Mpath.Linux.Tests.DeviceMapper;

namespace Mpath.Daemon.Tests.Service;

/// <summary>find_multipaths in the daemon: which LUNs get maps at start, on uevents and on <c>add path</c>, and the wwids file.</summary>
public sealed class PathManagerFindMultipathsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeDeviceMapper _dm = new();
    private readonly ChangingHost _host = new();
    private readonly DaemonStatePublisher _publisher = new(new DaemonSnapshot([], [], DateTimeOffset.UnixEpoch));
    private readonly List<PathManager> _managers = [];
    private InMemoryWwidsStore _wwids = new();

    public void Dispose() => _managers.ForEach(m => m.Dispose());

    private static MultipathConfig Config(string findMultipaths, string defaults = "", string sections = "") =>
        ConfigLoader.Load("/test/multipath.conf", new InMemoryConfigFiles(new Dictionary<string, string>
        {
            ["/test/multipath.conf"] = $"defaults {{\n config_dir /test/none\n find_multipaths {findMultipaths}\n{defaults}}}\n{sections}",
        }), mainRequired: true).Config;

    private PathManager Start(string findMultipaths, string defaults = "", string sections = "", IWwidsStore? wwids = null)
    {
        var manager = new PathManager(Config(findMultipaths, defaults, sections), _host, _dm, new UpChecks(), _publisher, _time, NullLogger.Instance, () => { })
        {
            Wwids = wwids ?? _wwids,
        };
        _managers.Add(manager);
        manager.Start();
        return manager;
    }

    private void Connect(int lun, params int[] hosts)
    {
        foreach (var host in hosts) _host.Connect(ChangingHost.Path(lun, host));
    }

    private IEnumerable<string> MappedWwids => _publisher.Current.Maps.Select(m => m.Wwid).Order(StringComparer.Ordinal);

    private int Creates => _dm.Calls.Count(c => c.StartsWith("create", StringComparison.Ordinal));

    private static ControlCommand Command(string text) => ControlCommandGrammar.Parse(text).Command!;

    private Task Arrive(PathManager manager, int lun, int host)
    {
        _host.Connect(ChangingHost.Path(lun, host));
        return manager.ApplyDeviceEventsAsync([new DeviceEvent(ChangingHost.Path(lun, host).Dev, DeviceChange.Added)], default);
    }

    private async Task CheckAt(PathManager manager, double seconds)
    {
        _time.SetUtcNow(T0 + TimeSpan.FromSeconds(seconds));
        await manager.CheckDueAsync(default);
    }

    [Theory]
    [InlineData("no")]
    [InlineData("greedy")]
    public void Off_and_greedy_multipath_every_lun_even_with_one_path(string mode)
    {
        Connect(0, 0, 1);
        Connect(1, 0);
        Start(mode);
        Assert.Equal([ChangingHost.WwidOf(0), ChangingHost.WwidOf(1)], MappedWwids);
    }

    [Fact]
    public void Strict_with_an_empty_wwids_file_makes_no_map()
    {
        Connect(0, 0, 1, 2, 3);
        Start("strict");
        Assert.Empty(_publisher.Current.Maps);
        Assert.Equal(0, Creates);
    }

    [Fact]
    public void Strict_makes_maps_for_the_wwids_in_the_file_only()
    {
        Connect(0, 0, 1);
        Connect(1, 0, 1);
        _wwids = new InMemoryWwidsStore(WwidsFile.Empty.Add(ChangingHost.WwidOf(1)));
        Start("strict");
        Assert.Equal([ChangingHost.WwidOf(1)], MappedWwids);
    }

    [Fact]
    public void The_default_find_multipaths_is_strict()
    {
        Connect(0, 0, 1);
        var manager = new PathManager(
            ConfigLoader.Load("/c", new InMemoryConfigFiles(new Dictionary<string, string> { ["/c"] = "defaults {\n config_dir /test/none\n}\n" }), mainRequired: true).Config,
            _host, _dm, new UpChecks(), _publisher, _time, NullLogger.Instance, () => { });
        _managers.Add(manager);
        manager.Start();
        Assert.Empty(_publisher.Current.Maps);
    }

    [Fact]
    public async Task On_multipaths_luns_with_two_paths_records_their_wwids_and_takes_a_lone_lun_when_its_second_path_arrives()
    {
        Connect(0, 0, 1);
        Connect(1, 0);
        var manager = Start("on");
        Assert.Equal([ChangingHost.WwidOf(0)], MappedWwids);
        Assert.Equal([ChangingHost.WwidOf(0)], _wwids.Current.Wwids);

        await Arrive(manager, 1, 1);

        Assert.Equal([ChangingHost.WwidOf(0), ChangingHost.WwidOf(1)], MappedWwids);
        Assert.Equal([ChangingHost.WwidOf(0), ChangingHost.WwidOf(1)], _wwids.Current.Wwids);
    }

    [Fact]
    public void On_a_recorded_wwid_comes_back_with_a_single_path_after_a_restart()
    {
        Connect(0, 0, 1);
        Start("on");
        Assert.Contains(ChangingHost.WwidOf(0), _wwids.Current.Wwids);
        _dm.Maps.Clear();
        _host.Devices.Remove(ChangingHost.Path(0, 1).Dev);

        Start("on");

        Assert.Equal([ChangingHost.WwidOf(0)], MappedWwids);
        Assert.Single(_publisher.Current.Maps[0].Paths);
    }

    [Fact]
    public async Task A_running_map_keeps_its_last_path_after_its_wwid_left_the_wwids_file()
    {
        var directory = Directory.CreateTempSubdirectory("mpath-wwids-");
        try
        {
            var file = System.IO.Path.Combine(directory.FullName, "wwids");
            File.WriteAllText(file, WwidsFile.Empty.Add(ChangingHost.WwidOf(0)).Format());
            Connect(0, 0, 1);
            var manager = Start("strict", wwids: new WwidsFileStore(file));
            Assert.Equal([ChangingHost.WwidOf(0)], MappedWwids);

            File.WriteAllText(file, WwidsFile.Empty.Format());   // multipath -w: the map is not removed by that
            _host.Devices.Remove(ChangingHost.Path(0, 1).Dev);
            await manager.ApplyDeviceEventsAsync([new DeviceEvent(ChangingHost.Path(0, 1).Dev, DeviceChange.Removed)], default);

            Assert.Equal([ChangingHost.Path(0, 0).Dev], _publisher.Current.Maps.Single().Paths.Select(p => p.Info.Dev));
            Assert.Equal(0, _dm.Calls.Count(c => c.StartsWith("remove", StringComparison.Ordinal)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_wwids_file_store_writes_multipaths_format_once_for_many_maps()
    {
        var directory = Directory.CreateTempSubdirectory("mpath-wwids-");
        try
        {
            var file = System.IO.Path.Combine(directory.FullName, "etc/multipath/wwids");
            for (var lun = 0; lun < 3; lun++) Connect(lun, 0, 1);
            Start("on", wwids: new WwidsFileStore(file));
            Assert.Equal(WwidsFile.Header + "/36001405000000/\n/36001405000001/\n/36001405000002/\n", File.ReadAllText(file));
            Assert.Equal([], new WwidsFileStore(file).Remember([ChangingHost.WwidOf(1)]));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Strict_adopts_an_existing_map_whose_wwid_is_not_in_the_wwids_file()
    {
        Connect(0, 0, 1);
        var wwid = ChangingHost.WwidOf(0);
        _dm.Add("admins-map", "mpath-" + wwid, 2048, "0 0 1 1 service-time 0 2 1 8:0 1 8:16 1", "");
        Start("strict");
        Assert.Equal("admins-map", _publisher.Current.Maps.Single().Name);
        Assert.Equal(0, Creates);
        Assert.Equal([wwid], _wwids.Current.Wwids);
    }

    [Fact]
    public async Task Add_path_under_strict_says_why_the_path_gets_no_map_and_creates_nothing()
    {
        Connect(0, 0);
        var manager = Start("strict");

        var reply = await manager.ExecuteAsync(Command($"add path {ChangingHost.Path(0, 0).Dev}"), default);

        Assert.Equal($"{ChangingHost.Path(0, 0).Dev}: not multipathed: find_multipaths strict: WWID is not in the wwids file\n", reply);
        Assert.Equal(0, Creates);
    }

    [Fact]
    public async Task Add_path_under_on_for_a_lone_path_is_refused_until_the_wwid_is_in_the_file()
    {
        Connect(0, 0);
        var manager = Start("on");
        var dev = ChangingHost.Path(0, 0).Dev;
        Assert.Equal($"{dev}: not multipathed: only one path\n", await manager.ExecuteAsync(Command($"add path {dev}"), default));

        _wwids.Remember([ChangingHost.WwidOf(0)]);   // multipath -a
        Assert.Equal("ok\n", await manager.ExecuteAsync(Command($"add path {dev}"), default));
        Assert.Equal([ChangingHost.WwidOf(0)], MappedWwids);
    }

    [Fact]
    public async Task Add_path_of_a_blacklisted_device_answers_blacklisted_as_multipathd_does()
    {
        Connect(0, 0, 1);
        var manager = Start("no", sections: "blacklist {\n wwid 36001405000000\n}\n");
        Assert.Equal("blacklisted\n", await manager.ExecuteAsync(Command($"add path {ChangingHost.Path(0, 0).Dev}"), default));
        Assert.Empty(_publisher.Current.Maps);
    }

    [Fact]
    public async Task Smart_holds_a_lone_path_and_a_second_path_before_the_timeout_makes_the_map()
    {
        Connect(0, 0);
        var manager = Start("smart");
        Assert.Empty(_publisher.Current.Maps);
        var dev = ChangingHost.Path(0, 0).Dev;
        Assert.Equal($"{dev}: not multipathed: find_multipaths smart: waiting for a second path\n", await manager.ExecuteAsync(Command($"add path {dev}"), default));

        await CheckAt(manager, 9);
        await Arrive(manager, 0, 1);

        Assert.Equal([ChangingHost.WwidOf(0)], MappedWwids);
        Assert.Equal(2, _publisher.Current.Maps.Single().Paths.Count());
    }

    [Fact]
    public async Task Smart_releases_a_lone_path_when_the_timeout_expires_and_a_later_second_path_makes_no_map()
    {
        Connect(0, 0);
        var manager = Start("smart", " find_multipaths_timeout -30\n");
        var first = ChangingHost.Path(0, 0).Dev;

        await CheckAt(manager, 29);
        Assert.EndsWith("waiting for a second path\n", await manager.ExecuteAsync(Command($"add path {first}"), default), StringComparison.Ordinal);
        await CheckAt(manager, 30);
        await Arrive(manager, 0, 1);

        Assert.Empty(_publisher.Current.Maps);
        var dev = ChangingHost.Path(0, 1).Dev;
        Assert.Equal($"{dev}: not multipathed: find_multipaths smart: find_multipaths_timeout expired with one path; left to the system\n",
            await manager.ExecuteAsync(Command($"add path {dev}"), default));

        _wwids.Remember([ChangingHost.WwidOf(0)]);   // the operator wants it after all: multipath -a
        Assert.Equal("ok\n", await manager.ExecuteAsync(Command($"add path {dev}"), default));
        Assert.Equal(2, _publisher.Current.Maps.Single().Paths.Count());
    }

    [Fact]
    public async Task Smart_releases_a_wwid_whose_paths_all_went_away_so_it_starts_afresh()
    {
        Connect(0, 0);
        var manager = Start("smart");
        await CheckAt(manager, 10);
        _host.Devices.Clear();
        await manager.ApplyDeviceEventsAsync([new DeviceEvent(ChangingHost.Path(0, 0).Dev, DeviceChange.Removed)], default);

        await Arrive(manager, 0, 0);
        await CheckAt(manager, 15);
        await Arrive(manager, 0, 1);

        Assert.Equal([ChangingHost.WwidOf(0)], MappedWwids);
    }

    [Fact]
    public void Reconfigure_rereads_find_multipaths()
    {
        Connect(0, 0, 1);
        var manager = Start("strict");
        Assert.Empty(_publisher.Current.Maps);

        manager.Reconfigure(Config("on"));

        Assert.Equal([ChangingHost.WwidOf(0)], MappedWwids);
    }

    /// <summary>A wwids file on a read-only /etc.</summary>
    private sealed class ReadOnlyWwids : IWwidsStore
    {
        public int Attempts { get; private set; }

        public WwidsFile Read() => WwidsFile.Empty;

        public IReadOnlyList<string> Remember(IReadOnlyCollection<string> wwids)
        {
            Attempts++;
            throw new IOException("Read-only file system");
        }
    }

    [Fact]
    public async Task A_wwids_file_that_cannot_be_written_leaves_the_map_running_and_is_retried_at_the_next_change()
    {
        Connect(0, 0, 1);
        var wwids = new ReadOnlyWwids();
        var manager = Start("on", wwids: wwids);
        Assert.Equal([ChangingHost.WwidOf(0)], MappedWwids);
        Assert.Equal(1, wwids.Attempts);

        await Arrive(manager, 0, 2);

        Assert.Equal(2, wwids.Attempts);
        Assert.Equal(3, _publisher.Current.Maps.Single().Paths.Count());
    }
}
