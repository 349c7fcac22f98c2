using Mpath.Core.Model;
using Mpath.Linux.Discovery;
using Mpath.Linux.Scsi;
using Mpath.Linux.Tests.Checkers;

namespace Mpath.Linux.Tests.Discovery;

public sealed class SysfsPathDiscoveryTests : IDisposable
{
    private readonly FakeHost _fake = new();

    private static readonly byte[] Page83Tpg2 =
    [
        0, 0x83, 0, 36,
        0x01, 0x03, 0, 16, 0x60, 0x01, 0x40, 0x51, 0xab, 0x10, 0, 0, 0, 0x04, 0, 0x08, 0, 0, 0, 0,
        0x61, 0x94, 0, 4, 0, 0, 0, 2,
        0x61, 0x95, 0, 4, 0, 0, 0, 2,
    ];

    public void Dispose() => _fake.Dispose();

    private DiscoveryResult Discover(IScsiTransport? transport = null, DiscoveryOptions? options = null) =>
        new SysfsPathDiscovery(_fake.Host, transport, options ?? new DiscoveryOptions()).Discover();

    [Fact]
    public void Scsi_disk_facts_come_from_sysfs_and_the_wwid_from_udev()
    {
        var device = _fake.AddScsiDisk("sdb", "8:16", "1:0:1:0");
        _fake.Write(device, "access_state", "standby\n");
        _fake.Write(device, "preferred_path", "1\n");
        _fake.WriteBytes(device, "vpd_pg83", Page83Tpg2);
        _fake.WriteBytes(device, "vpd_pg80", [0, 0x80, 0, 4, (byte)'S', (byte)'N', (byte)'4', (byte)'2']);
        _fake.AddUdevProperties("8:16", "ID_SERIAL=360014051ab1000000004000800000000", "ID_BUS=scsi");

        var path = Assert.Single(Discover().Paths);
        Assert.Equal(new PathInfo("sdb", "8:16", "1:0:1:0", "LIO-ORG", "RAMDISK-MCP", "4.0", "360014051ab1000000004000800000000",
            "SN42", "", "scsi:unspec", 32768, new AluaInfo(2, AluaAccessState.Standby, true)), path.Path);
        Assert.Equal("running", path.DeviceState);
        Assert.Equal(WwidSource.Udev, path.WwidSource);
        Assert.Empty(path.Warnings);
    }

    [Fact]
    public void Probe_reads_one_device_and_reports_a_gone_or_foreign_one_as_null()
    {
        _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        _fake.AddScsiDisk("sdb", "8:16", "0:0:0:1");
        _fake.AddUdevProperties("8:16", "ID_SERIAL=3600b");
        var discovery = new SysfsPathDiscovery(_fake.Host, null, new DiscoveryOptions());
        var probed = discovery.Probe("sdb");
        Assert.Equal(("sdb", "3600b"), (probed?.Path.Dev, probed?.Path.Wwid));
        Assert.Null(discovery.Probe("sdc"));
        Directory.CreateDirectory(Path.Combine(_fake.Root, "sys/block/loop0"));
        Assert.Null(discovery.Probe("loop0"));
    }

    [Fact]
    public void Uid_attribute_selects_the_udev_property()
    {
        _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        _fake.AddUdevProperties("8:0", "ID_SERIAL=serial-form", "ID_WWN=0x5000");
        Assert.Equal("0x5000", Discover(options: new DiscoveryOptions { UidAttribute = "ID_WWN" }).Paths[0].Path.Wwid);
    }

    [Fact]
    public void Without_udev_the_wwid_comes_from_sysfs_vpd_page_83()
    {
        var device = _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        _fake.WriteBytes(device, "vpd_pg83", Page83Tpg2);
        var path = Discover().Paths[0];
        Assert.Equal("360014051ab1000000004000800000000", path.Path.Wwid);
        Assert.Equal(WwidSource.SysfsVpd, path.WwidSource);
    }

    [Fact]
    public void Without_udev_and_sysfs_vpd_the_wwid_and_alua_come_from_sg_io()
    {
        _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        var transport = new ScriptedTransport(command => command.Cdb[0] switch
        {
            ScsiCdb.InquiryOpcode when command.Cdb[2] == 0x83 => ScriptedTransport.Data(Page83Tpg2),
            ScsiCdb.InquiryOpcode => ScriptedTransport.Data([0, 0x80, 0, 2, (byte)'X', (byte)'Y']),
            ScsiCdb.MaintenanceInOpcode => ScriptedTransport.Data([0, 0, 0, 24, 0x00, 0xdf, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x01, 0xdf, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2]),
            _ => throw new InvalidOperationException("unexpected command"),
        });
        var path = Discover(transport).Paths[0];
        Assert.Equal(WwidSource.SgIo, path.WwidSource);
        Assert.Equal("360014051ab1000000004000800000000", path.Path.Wwid);
        Assert.Equal("XY", path.Path.Serial);
        Assert.Equal(new AluaInfo(2, AluaAccessState.ActiveNonOptimized, false), path.Path.Alua);
        Assert.All(transport.Devices, d => Assert.Equal(Path.Combine(_fake.Root, "dev/sda"), d));
    }

    [Fact]
    public void Prefer_rtpg_asks_the_device_even_when_sysfs_has_a_state()
    {
        var device = _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        _fake.Write(device, "access_state", "active/optimized\n");
        _fake.WriteBytes(device, "vpd_pg83", Page83Tpg2);
        _fake.AddUdevProperties("8:0", "ID_SERIAL=w");
        var transport = new ScriptedTransport(_ => ScriptedTransport.Data([0, 0, 0, 12, 0x02, 0xdf, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2]));
        Assert.Equal(AluaAccessState.ActiveOptimized, Discover(transport).Paths[0].Path.Alua!.State);
        Assert.Equal(AluaAccessState.Standby, Discover(transport, new DiscoveryOptions { PreferRtpg = true }).Paths[0].Path.Alua!.State);
    }

    [Fact]
    public void Refresh_reads_the_device_and_alua_state_again_and_keeps_the_rest()
    {
        var device = _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        _fake.WriteBytes(device, "vpd_pg83", Page83Tpg2);
        _fake.AddUdevProperties("8:0", "ID_SERIAL=w");
        byte state = 0x00; // active/optimized
        var transport = new ScriptedTransport(_ => ScriptedTransport.Data([0, 0, 0, 12, state, 0xdf, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2]));
        var discovery = new SysfsPathDiscovery(_fake.Host, transport, new DiscoveryOptions { PreferRtpg = true });
        var known = discovery.Probe("sda")!;
        Assert.Equal(AluaAccessState.ActiveOptimized, known.Path.Alua!.State);

        // the array moved the port group to standby and the device went blocked; the vendor text changing is not
        // something a refresh reads (only a uevent would tell), so the known value stays
        state = 0x02;
        _fake.Write(device, "state", "blocked\n");
        _fake.Write(device, "vendor", "OTHER   \n");
        var refreshed = discovery.Refresh(known)!;
        Assert.Equal(AluaAccessState.Standby, refreshed.Path.Alua!.State);
        Assert.Equal(2, refreshed.Path.Alua.TargetPortGroup);
        Assert.Equal("blocked", refreshed.DeviceState);
        Assert.Equal(known.Path with { Alua = refreshed.Path.Alua }, refreshed.Path);
    }

    [Fact]
    public void Refresh_of_a_gone_device_is_null_and_of_a_replaced_one_a_full_probe()
    {
        var device = _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        _fake.AddUdevProperties("8:0", "ID_SERIAL=w");
        var discovery = new SysfsPathDiscovery(_fake.Host, null, new DiscoveryOptions());
        var known = discovery.Probe("sda")!;
        _fake.Write(Path.Combine(_fake.Root, "sys/block/sda"), "dev", "8:16\n");
        _fake.AddUdevProperties("8:16", "ID_SERIAL=other");
        Assert.Equal("other", discovery.Refresh(known)!.Path.Wwid);
        Directory.Delete(Path.Combine(_fake.Root, "sys/block/sda"), recursive: true);
        Assert.Null(discovery.Refresh(known));
        Assert.NotNull(device);
    }

    [Theory]
    [InlineData("alua\n", "alua")]
    [InlineData("detached\n", null)]
    [InlineData(null, null)]
    public void The_attached_device_handler_comes_from_dh_state(string? dhState, string? handler)
    {
        var device = _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        if (dhState is not null) _fake.Write(device, "dh_state", dhState);
        Assert.Equal(handler, Discover().Paths[0].DeviceHandler);
    }

    [Fact]
    public void Prefer_rtpg_falls_back_to_sysfs_when_the_device_cannot_be_asked()
    {
        var device = _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        _fake.Write(device, "access_state", "active/optimized\n");
        _fake.WriteBytes(device, "vpd_pg83", Page83Tpg2);
        _fake.AddUdevProperties("8:0", "ID_SERIAL=w");
        var rtpg = new DiscoveryOptions { PreferRtpg = true };
        Assert.Equal(AluaAccessState.ActiveOptimized, Discover(null, rtpg).Paths[0].Path.Alua!.State);
        var failing = new ScriptedTransport(_ => throw new ScsiTransportException("/dev/sda", "open", 2));
        var path = Discover(failing, rtpg).Paths[0];
        Assert.Equal(AluaAccessState.ActiveOptimized, path.Path.Alua!.State);
        Assert.Contains(path.Warnings, w => w.StartsWith("RTPG:", StringComparison.Ordinal));
    }

    [Fact]
    public void Sg_io_failure_is_a_warning_not_an_exception()
    {
        _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        var transport = new ScriptedTransport(_ => throw new ScsiTransportException("/dev/sda", "open", 2));
        var path = Discover(transport).Paths[0];
        Assert.Equal("", path.Path.Wwid);
        Assert.Contains(path.Warnings, w => w.Contains("VPD 0x83 via SG_IO", StringComparison.Ordinal));
        Assert.Contains(path.Warnings, w => w.StartsWith("no WWID", StringComparison.Ordinal));
    }

    [Fact]
    public void Fc_and_iscsi_protocols_and_target_node_names()
    {
        _fake.AddScsiDisk("sda", "8:0", "2:0:1:0", transportPath: "pci0000:00/0000:00:05.0/host2/rport-2:0-1/target2:0:1");
        _fake.Write("sys/class/fc_transport/target2:0:1", "node_name", "0x50060160bce0383c\n");
        _fake.AddScsiDisk("sdb", "8:16", "3:0:0:1", transportPath: "platform/host3/session7/target3:0:0");
        _fake.Write("sys/class/iscsi_session/session7", "targetname", "iqn.2003-01.org.linux-iscsi:t1\n");
        _fake.AddScsiDisk("sdc", "8:32", "4:0:0:0", transportPath: "pci0000:00/host4/port-4:0/end_device-4:0");
        var paths = Discover().Paths;
        Assert.Equal(("scsi:fcp", "0x50060160bce0383c"), (paths[0].Path.Protocol, paths[0].Path.TargetNodeName));
        Assert.Equal(("scsi:iscsi", "iqn.2003-01.org.linux-iscsi:t1"), (paths[1].Path.Protocol, paths[1].Path.TargetNodeName));
        Assert.Equal("scsi:sas", paths[2].Path.Protocol);
    }

    [Fact]
    public void Devices_are_listed_in_kernel_name_order_and_non_disks_ignored()
    {
        _fake.AddScsiDisk("sdaa", "65:160", "0:0:0:26");
        _fake.AddScsiDisk("sdb", "8:16", "0:0:0:1");
        _fake.AddScsiDisk("sda", "8:0", "0:0:0:0");
        Directory.CreateDirectory(Path.Combine(_fake.Root, "sys/block/loop0"));
        Directory.CreateDirectory(Path.Combine(_fake.Root, "sys/block/dm-0"));
        Assert.Equal(["sda", "sdb", "sdaa"], Discover().Paths.Select(p => p.Path.Dev));
    }

    [Fact]
    public void Nvme_namespaces_are_skipped_under_native_multipath()
    {
        _fake.Write("sys/module/nvme_core/parameters", "multipath", "Y\n");
        Directory.CreateDirectory(Path.Combine(_fake.Root, "sys/block/nvme0n1"));
        var result = Discover();
        Assert.Empty(result.Paths);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal("nvme0n1", skipped.Dev);
        Assert.Contains("native NVMe multipath", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nvme_namespaces_are_paths_without_native_multipath()
    {
        _fake.Write("sys/module/nvme_core/parameters", "multipath", "N\n");
        var controller = _fake.Write("sys/devices/virtual/nvme-fabrics/ctl/nvme0", "model", "Linux\n");
        _fake.Write(controller, "serial", "abc123\n");
        _fake.Write(controller, "firmware_rev", "6.1\n");
        _fake.Write(controller, "transport", "tcp\n");
        _fake.Write(controller, "state", "live\n");
        var block = _fake.Write("sys/block/nvme0n1", "wwid", "uuid.1234\n");
        _fake.Write(block, "dev", "259:0\n");
        _fake.Write(block, "nsid", "1\n");
        _fake.Write(block, "size", "2048\n");
        Directory.CreateSymbolicLink(Path.Combine(block, "device"), controller);
        var path = Assert.Single(Discover().Paths);
        Assert.Equal(("uuid.1234", "nvme:tcp", "abc123", "live"), (path.Path.Wwid, path.Path.Protocol, path.Path.Serial, path.DeviceState));
    }

    [Fact]
    public void Missing_sys_block_gives_an_empty_result()
    {
        Directory.Delete(Path.Combine(_fake.Root, "sys/block"));
        Assert.Empty(Discover().Paths);
    }

    [Theory]
    [InlineData("active/optimized", AluaAccessState.ActiveOptimized)]
    [InlineData("active/non-optimized", AluaAccessState.ActiveNonOptimized)]
    [InlineData("standby", AluaAccessState.Standby)]
    [InlineData("unavailable", AluaAccessState.Unavailable)]
    [InlineData("transitioning\n", AluaAccessState.Transitioning)]
    public void Kernel_access_state_names_map_to_alua_states(string text, AluaAccessState state) =>
        Assert.Equal(state, SysfsPathDiscovery.ParseAccessState(text));

    [Fact]
    public void Udev_database_reads_only_E_lines()
    {
        _fake.AddUdevProperties("8:0", "ID_SERIAL=a=b", "ID_BUS=scsi");
        var props = new UdevDatabase(_fake.Host).Properties("8:0");
        Assert.Equal(2, props.Count);
        Assert.Equal("a=b", props["ID_SERIAL"]);
        Assert.Empty(new UdevDatabase(_fake.Host).Properties("9:9"));
    }
}
