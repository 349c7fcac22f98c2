using BenchmarkDotNet.Attributes;
using Mpath.Core.Model;
using Mpath.Core.Topology;
using Mpath.Core.Topology.DeviceMapper;
using Mpath.Core.Topology.Grouping;
using Mpath.Core.Topology.Naming;

namespace Mpath.Bench;

/// <summary>Map assembly for 1,000 maps x 4 ALUA paths (group_by_prio), as at daemon start-up.</summary>
[MemoryDiagnoser]
public class MapAssemblyBenchmarks
{
    private List<PathInfo> _paths = [];
    private readonly MapSettings _settings = new() { PathGroupingPolicy = PathGroupingPolicy.GroupByPrio, Prio = "alua", HardwareHandler = "1 alua", NoPathRetry = NoPathRetry.Queue };

    [GlobalSetup]
    public void Setup() => _paths = Enumerable.Range(0, 1000).SelectMany(m => Enumerable.Range(0, 4).Select(p =>
        new PathInfo($"sd{m}_{p}", $"{8 + p}:{m}", $"{p}:0:0:{m}", "NETAPP", "INF-01-00", "0860", $"3600a0980000000000000000000{m:D6}",
            Serial: $"S{p % 2}", SizeSectors: 2097152,
            Alua: new AluaInfo(p % 2 + 1, p % 2 == 0 ? AluaAccessState.ActiveOptimized : AluaAccessState.ActiveNonOptimized, false)))).ToList();

    [Benchmark]
    public int Assemble1000Maps() =>
        MapAssembler.Assemble(_paths, _ => _settings, new MapNamer(BindingsFile.Empty), new MapAssemblyOptions { Random = new Random(1) }).Maps.Count;
}

/// <summary>dm-multipath table build/parse and status parse.</summary>
[MemoryDiagnoser]
public class DmTextBenchmarks
{
    private const string Table = "1 queue_if_no_path 1 alua 2 1 service-time 0 2 1 8:0 1 8:48 1 service-time 0 2 1 8:16 1 8:32 1";
    private const string Status = "2 0 1 0 2 1 A 0 1 2 8:0 A 0 0 1 E 0 1 2 8:16 A 0 0 1";
    private readonly DmTable _parsed = DmTable.Parse(Table).Value!;

    [Benchmark] public string BuildTable() => _parsed.Format();
    [Benchmark] public bool ParseTable() => DmTable.Parse(Table).Success;
    [Benchmark] public bool ParseStatus() => DmStatus.Parse(Status).Success;
}
