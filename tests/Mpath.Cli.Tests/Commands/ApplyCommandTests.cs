using Mpath.Cli.Commands;
using Mpath.Linux.Discovery;
using Mpath.Linux.Tests.DeviceMapper;
using Mpath.Linux.Tests.Discovery;

namespace Mpath.Cli.Tests.Commands;

public sealed class ApplyCommandTests : IDisposable
{
    private const string Wwid = "36001405aaaa";
    private const string AoFirst = "1 queue_if_no_path 1 alua 2 1 service-time 0 1 1 8:0 1 service-time 0 1 1 8:16 1";
    private readonly FakeHost _host = new();
    private readonly FakeDeviceMapper _dm = new();
    private readonly string _sda;
    private readonly string _sdb;

    /// <summary>A LIO LUN through two ports: sda active/optimized, sdb standby (the hwtable's group_by_prio + alua).</summary>
    public ApplyCommandTests()
    {
        _sda = _host.AddScsiDisk("sda", "8:0", "1:0:1:0");
        _sdb = _host.AddScsiDisk("sdb", "8:16", "2:0:1:0");
        _host.Write(_sda, "access_state", "active/optimized\n");
        _host.Write(_sdb, "access_state", "standby\n");
        _host.AddUdevProperties("8:0", "ID_SERIAL=" + Wwid);
        _host.AddUdevProperties("8:16", "ID_SERIAL=" + Wwid);
        WriteConfig("defaults {\n user_friendly_names yes\n find_multipaths no\n}\n");
    }

    public void Dispose() => _host.Dispose();

    private string ConfigFile => Path.Combine(_host.Root, "multipath.conf");
    private string BindingsFile => Path.Combine(_host.Root, "etc/multipath/bindings");
    private string WwidsFile => Path.Combine(_host.Root, "etc/multipath/wwids");

    private void WriteConfig(string text) => File.WriteAllText(ConfigFile, text);

    private (int Code, string Out, string Err) Apply(params string[] args) => CommandRunner.Run(
        ApplyCommand.Build(options => new SysfsPathDiscovery(_host.Host, null, options), () => _dm, new ApplyStateFiles(BindingsFile, WwidsFile)),
        ["apply", "--config", ConfigFile, .. args]);

    /// <summary>The create:/reload: lines of apply's output (the topology under each is left out).</summary>
    private static string Headers(string output) =>
        string.Concat(output.Split('\n').Where(l => l.StartsWith("create: ", StringComparison.Ordinal) || l.StartsWith("reload: ", StringComparison.Ordinal)).Select(l => l + "\n"));

    private const string Topology =
        "size=16M features='1 queue_if_no_path' hwhandler='1 alua' wp=undef\n" +
        "|-+- policy='service-time 0' prio=50 status=undef\n" +
        "| `- 1:0:1:0 sda 8:0  undef undef running\n" +
        "`-+- policy='service-time 0' prio=1 status=undef\n" +
        "  `- 2:0:1:0 sdb 8:16 undef undef running\n";

    [Fact]
    public void Creates_the_map_with_a_new_friendly_name_and_records_the_binding()
    {
        var r = Apply();
        Assert.Equal((0, "create: mpatha (36001405aaaa) dm-0 LIO-ORG,RAMDISK-MCP\n" + Topology, ""), r);
        var spec = _dm.Maps["mpatha"].Spec;
        Assert.Equal(("mpath-" + Wwid, 32768L, AoFirst), (spec.Uuid, spec.Sectors, spec.Parameters));
        Assert.EndsWith("\nmpatha 36001405aaaa\n", File.ReadAllText(BindingsFile), StringComparison.Ordinal);
        Assert.False(File.Exists(BindingsFile + ".tmp"));
    }

    [Fact]
    public void The_wwids_of_the_maps_set_up_are_recorded_in_the_wwids_file_but_not_on_a_dry_run()
    {
        Apply("--dry-run");
        Assert.False(File.Exists(WwidsFile));
        Apply();
        Assert.Contains("/36001405aaaa/\n", File.ReadAllText(WwidsFile), StringComparison.Ordinal);
        // Named device under strict: multipath records it too, so the daemon keeps it afterwards.
        _dm.Maps.Clear();
        File.Delete(WwidsFile);
        WriteConfig("defaults {\n find_multipaths strict\n}\n");
        Apply("/dev/sda");
        Assert.Contains("/36001405aaaa/\n", File.ReadAllText(WwidsFile), StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_run_is_a_no_op()
    {
        Apply();
        _dm.Calls.Clear();
        Assert.Equal((0, ""), (Apply().Code, Apply().Out));
        Assert.Empty(_dm.Calls);
    }

    [Fact]
    public void After_an_alua_transition_the_map_is_reloaded_with_the_groups_swapped_and_keeps_its_name()
    {
        _dm.Add("mydisk", "mpath-" + Wwid, 32768, AoFirst, "");
        _host.Write(_sda, "access_state", "standby\n");
        _host.Write(_sdb, "access_state", "active/optimized\n");
        var r = Apply();
        Assert.Equal((0, "reload: mydisk (36001405aaaa) dm-0 LIO-ORG,RAMDISK-MCP\n"), (r.Code, Headers(r.Out)));
        Assert.Equal(["reload mydisk"], _dm.Calls);
        Assert.Equal("1 queue_if_no_path 1 alua 2 1 service-time 0 1 1 8:16 1 service-time 0 1 1 8:0 1", _dm.Maps["mydisk"].Spec.Parameters);
    }

    [Fact]
    public void Dry_run_prints_but_touches_neither_dm_nor_the_bindings()
    {
        var r = Apply("--dry-run");
        Assert.Equal((0, "create: mpatha (36001405aaaa) undef LIO-ORG,RAMDISK-MCP\n" + Topology), (r.Code, r.Out));
        Assert.Empty(_dm.Maps);
        Assert.False(File.Exists(BindingsFile));
    }

    [Fact]
    public void Find_multipaths_strict_needs_the_wwids_file_unless_a_device_is_named()
    {
        WriteConfig("defaults {\n find_multipaths strict\n}\n");
        Assert.Equal((0, ""), (Apply().Code, Apply().Out));
        Assert.Empty(_dm.Maps);

        Assert.Equal("create: 36001405aaaa (36001405aaaa) dm-0 LIO-ORG,RAMDISK-MCP\n", Headers(Apply("/dev/sdb").Out));
        Assert.Single(_dm.Maps);

        _dm.Maps.Clear();
        Directory.CreateDirectory(Path.GetDirectoryName(WwidsFile)!);
        File.WriteAllText(WwidsFile, "/36001405aaaa/\n");
        Assert.Equal(0, Apply().Code);
        Assert.Equal(["36001405aaaa"], _dm.Maps.Keys);
    }

    [Fact]
    public void An_unknown_device_argument_exits_1()
    {
        var r = Apply("sdz");
        Assert.Equal((1, "", "mpath apply: sdz: no such path device or WWID\n"), r);
        Assert.Empty(_dm.Maps);
    }

    [Fact]
    public void A_failed_create_names_device_operation_and_errno_and_exits_1()
    {
        WriteConfig("defaults {\n find_multipaths no\n}\n");
        _dm.Add(Wwid, "", 8, "8:0 0", "", type: "linear");
        var r = Apply();
        Assert.Equal(1, r.Code);
        Assert.Contains("mpath apply: 36001405aaaa: create failed: ", r.Err, StringComparison.Ordinal);
        Assert.Contains("(errno 17)", r.Err, StringComparison.Ordinal);
        Assert.Equal("linear", _dm.Maps[Wwid].Spec.TargetType);
    }

    [Fact]
    public void A_friendly_name_held_by_another_device_is_skipped()
    {
        _dm.Add("mpatha", "mpath-other", 8, "0 0 0 0", "");
        Assert.Equal("create: mpathb (36001405aaaa) dm-1 LIO-ORG,RAMDISK-MCP\n", Headers(Apply().Out));
        Assert.Equal("mpath-other", _dm.Maps["mpatha"].Spec.Uuid);
    }

    [Fact]
    public void Verbosity_1_prints_only_the_names_of_the_maps_set_up_and_0_nothing()
    {
        var dryRun = Apply("--verbosity", "1", "--dry-run");
        Assert.Equal((0, "mpatha\n"), (dryRun.Code, dryRun.Out));
        var real = Apply("-v", "1");
        Assert.Equal((0, "mpatha\n"), (real.Code, real.Out));
        _dm.Maps.Clear();
        var quiet = Apply("-v", "0");
        Assert.Equal((0, ""), (quiet.Code, quiet.Out));
        Assert.Single(_dm.Maps);
    }

    [Fact]
    public void Verbosity_3_prints_the_paths_discovered_and_why_a_path_got_no_map_before_the_topology()
    {
        _host.AddScsiDisk("sdc", "8:32", "3:0:1:0");
        _host.AddUdevProperties("8:32", "ID_SERIAL=36001405bbbb");
        WriteConfig("defaults {\n user_friendly_names yes\n find_multipaths on\n}\n");
        var r = Apply("-v", "3");
        Assert.Equal(0, r.Code);
        Assert.Equal(
            "===== paths list =====\n" +
            "uuid         hcil    dev dev_t pri dm_st chk_st vend/prod/rev           dev_st\n" +
            "36001405aaaa 1:0:1:0 sda 8:0   50  undef undef  LIO-ORG,RAMDISK-MCP,4.0 running\n" +
            "36001405aaaa 2:0:1:0 sdb 8:16  1   undef undef  LIO-ORG,RAMDISK-MCP,4.0 running\n" +
            "36001405bbbb 3:0:1:0 sdc 8:32  -1  undef undef  LIO-ORG,RAMDISK-MCP,4.0 running\n" +
            "sdc: not multipathed: only one path\n" +
            "create: mpatha (36001405aaaa) dm-0 LIO-ORG,RAMDISK-MCP\n" + Topology,
            r.Out);
    }

    [Fact]
    public void Is_registered_in_the_command_line() =>
        Assert.Contains(MpathCommandLine.Build().Subcommands, c => c.Name == "apply");
}
