using Mpath.Core.Model;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Tests.Show;

/// <summary>Snapshots of the states the lab's real multipathd printed (../shared/lab/README.md sections a. and c.).</summary>
internal static class LabSnapshots
{
    public static readonly DateTimeOffset TakenAt = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static PathSnapshot Path(string dev, string devT, string hctl, int priority, string map, int group,
        string vendor = "Linux", string product = "scsi_debug", string revision = "0191", string wwid = "1Linux_scsi_debug_2000",
        CheckerState state = CheckerState.Up) =>
        new(new PathInfo(dev, devT, hctl, vendor, product, revision, wwid, SizeSectors: 16384))
        {
            MapName = map,
            GroupNumber = group,
            Priority = priority,
            State = state,
            CheckerState = state,
            DmState = DmPathState.Active,
            DeviceState = "running",
            CheckerName = "tur",
            NextCheckIn = 8,
            CheckInterval = 10,
        };

    /// <summary>Section a.: scsi_debug, two paths, ALUA AO on host 0 and ANO on host 1.</summary>
    public static DaemonSnapshot ScsiDebug(MapAction action = MapAction.Nothing)
    {
        var sda = Path("sda", "8:0", "0:0:0:0", 50, "mpatha", 1);
        var sdb = Path("sdb", "8:16", "1:0:0:0", 10, "mpatha", 2);
        var map = new MapSnapshot("mpatha", "1Linux_scsi_debug_2000",
        [
            new GroupSnapshot(1, "service-time 0", 50, PathGroupState.Active, [sda]),
            new GroupSnapshot(2, "service-time 0", 10, PathGroupState.Enabled, [sdb]),
        ])
        {
            SysfsName = "dm-0",
            SizeSectors = 16384,
            Features = "0",
            HardwareHandler = "1 alua",
            Failback = Failback.Manual,
            NoPathRetry = null,
            Action = action,
            MapLoads = 1,
        };
        return new DaemonSnapshot([map], [], TakenAt) { Pid = 321 };
    }

    /// <summary>Section c. before the trespass: LIO, TPG 1 active/optimized on sda, TPG 2 standby on sdb.</summary>
    public static DaemonSnapshot LioBeforeTrespass()
    {
        const string wwid = "360014051ab1000000004000800000000";
        var sda = Path("sda", "8:0", "0:0:1:0", 50, "mpatha", 1, "LIO-ORG", "RAMDISK-MCP", "4.0", wwid);
        var sdb = Path("sdb", "8:16", "1:0:1:0", 1, "mpatha", 2, "LIO-ORG", "RAMDISK-MCP", "4.0", wwid, CheckerState.Ghost);
        var map = new MapSnapshot("mpatha", wwid,
        [
            new GroupSnapshot(1, "service-time 0", 50, PathGroupState.Active, [sda]),
            new GroupSnapshot(2, "service-time 0", 1, PathGroupState.Enabled, [sdb]),
        ])
        {
            SysfsName = "dm-0",
            SizeSectors = 32768,
            Features = "1 queue_if_no_path",
            HardwareHandler = "1 alua",
            Failback = Failback.Immediate,
            NoPathRetry = NoPathRetry.Times(12),
        };
        return new DaemonSnapshot([map], [], TakenAt);
    }
}
