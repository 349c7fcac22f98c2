using Mpath.Core.Model;

namespace Mpath.Core.Tests.Topology;

/// <summary>A LUN seen through 4 paths: 2 host ports x 2 array controllers (A owns it, optimized; B non-optimized).</summary>
internal static class TopologyFixtures
{
    public const string Wwid = "3600a098000aabbcc0000000000000001";

    public static PathInfo PathOf(string dev, string devT, string hbtl, string controller, string wwid = Wwid, long size = 2097152) =>
        new(dev, devT, hbtl, "NETAPP", "INF-01-00", "0860", wwid,
            Serial: "SER-" + controller,
            TargetNodeName: "0x20000000aa00000" + (controller == "A" ? "1" : "2"),
            SizeSectors: size,
            Alua: controller == "A"
                ? new AluaInfo(1, AluaAccessState.ActiveOptimized, Preferred: true)
                : new AluaInfo(2, AluaAccessState.ActiveNonOptimized, Preferred: false));

    /// <summary>sda A, sdb B, sdc B, sdd A - interleaved, as discovery order often is.</summary>
    public static IReadOnlyList<PathInfo> FourPaths(string wwid = Wwid) =>
    [
        PathOf("sda", "8:0", "1:0:0:1", "A", wwid),
        PathOf("sdb", "8:16", "1:0:1:1", "B", wwid),
        PathOf("sdc", "8:32", "2:0:0:1", "B", wwid),
        PathOf("sdd", "8:48", "2:0:1:1", "A", wwid),
    ];
}
