using BenchmarkDotNet.Attributes;
using Mpath.Core.Model;
using Mpath.Daemon.Control;
using Mpath.Daemon.Show;
using Mpath.Daemon.State;

namespace Mpath.Bench;

/// <summary>
/// The daemon's side of a control-socket listing: parsing the command and rendering the reply from a published
/// snapshot of 256 maps x 4 paths (the largest setup bench/vs-multipathd.sh boots), as <c>show paths</c> and
/// <c>show topology</c> do. The socket round trip itself is measured in the VM by bench/vs-multipathd.sh.
/// </summary>
[MemoryDiagnoser]
public class ControlBenchmarks
{
    private DaemonSnapshot _snapshot = null!;
    private ControlCommand _showPaths = null!;
    private ControlCommand _showTopology = null!;

    [GlobalSetup]
    public void Setup()
    {
        var maps = new List<MapSnapshot>();
        for (var m = 0; m < 256; m++)
        {
            var wwid = $"3333333300000{m:x4}";
            var groups = new List<GroupSnapshot>();
            for (var g = 0; g < 2; g++)
            {
                var paths = new List<PathSnapshot>();
                for (var p = 0; p < 2; p++)
                {
                    var host = g * 2 + p;
                    var index = m * 4 + host;
                    paths.Add(new PathSnapshot(new PathInfo($"sd{index}", $"{8 + index / 16}:{index % 16 * 16}", $"{host}:0:0:{m}",
                        "Linux", "scsi_debug", "0191", wwid, SizeSectors: 16384))
                    {
                        MapName = $"mpath{m}", GroupNumber = g + 1, Priority = g == 0 ? 50 : 10,
                        State = CheckerState.Up, CheckerState = CheckerState.Up, DmState = DmPathState.Active,
                        NextCheckIn = 3, CheckInterval = 5,
                    });
                }
                groups.Add(new GroupSnapshot(g + 1, "service-time 0", g == 0 ? 50 : 10, g == 0 ? PathGroupState.Active : PathGroupState.Enabled, paths));
            }
            maps.Add(new MapSnapshot($"mpath{m}", wwid, groups) { SysfsName = $"dm-{m}", SizeSectors = 16384, HardwareHandler = "1 alua", Failback = Failback.Immediate });
        }
        _snapshot = new DaemonSnapshot(maps, [], new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) { Pid = 1 };
        _showPaths = ControlCommandGrammar.Parse("show paths").Command!;
        _showTopology = ControlCommandGrammar.Parse("show topology").Command!;
    }

    [Benchmark]
    public bool ParseCommand() => ControlCommandGrammar.Parse("switch map mpath17 group 2").Command is not null;

    [Benchmark]
    public int RenderShowPaths1024() => ShowCommandRenderer.TryRender(_showPaths, _snapshot, out var reply) ? reply.Length : -1;

    [Benchmark]
    public int RenderShowTopology256Maps() => ShowCommandRenderer.TryRender(_showTopology, _snapshot, out var reply) ? reply.Length : -1;
}
