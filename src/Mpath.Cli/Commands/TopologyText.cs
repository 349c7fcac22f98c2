using Mpath.Core.Topology.DeviceMapper;
using System.Globalization;
using Mpath.Core.Model;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Topology;

namespace Mpath.Cli.Commands;

/// <summary>One path line of the tree: every field already as printed.</summary>
internal sealed record TopologyPathLine(string Hbtl, string Dev, string DevT, string DmState, string Checker, string DeviceState);

/// <summary>One path group of the tree: policy, priority and status as printed, then its paths.</summary>
internal sealed record TopologyGroupLine(string Policy, int Priority, string Status, IReadOnlyList<TopologyPathLine> Paths);

/// <summary>Renders maps in the layout of <c>multipath -ll</c> (and, from a plan, of what <c>multipath</c> prints when it sets one up).</summary>
internal static class TopologyText
{
    public static void Write(TextWriter output, MapTopology map)
    {
        var header = map.Name == map.Wwid ? map.Wwid : $"{map.Name} ({map.Wwid})";
        output.WriteLine($"{header} {map.SysfsName} {map.Vendor},{map.Product}");
        WriteTree(output, map.SizeSectors, map.Features, map.HardwareHandler, map.ReadOnly ? "ro" : "rw", map.Groups.Select(group =>
            new TopologyGroupLine(group.Policy, group.Priority, GroupState(group.State), group.Paths.Select(path =>
                new TopologyPathLine(path.Hbtl, path.Dev, path.DevT, PathState(path.DmState), CheckerName(path), path.DeviceState)).ToList())).ToList());
    }

    /// <summary>The size line, then each group with its paths as a tree, columns aligned over all paths.</summary>
    public static void WriteTree(TextWriter output, long sizeSectors, string features, string hardwareHandler, string writeProtect,
        IReadOnlyList<TopologyGroupLine> groups)
    {
        output.WriteLine($"size={Size(sizeSectors)} features='{features}' hwhandler='{hardwareHandler}' wp={writeProtect}");
        var all = groups.SelectMany(g => g.Paths).ToList();
        var hbtlWidth = all.Count == 0 ? 0 : all.Max(p => p.Hbtl.Length);
        var devWidth = all.Count == 0 ? 0 : all.Max(p => p.Dev.Length);
        var devTWidth = all.Count == 0 ? 0 : all.Max(p => p.DevT.Length);
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var lastGroup = g == groups.Count - 1;
            output.WriteLine($"{(lastGroup ? "`-+-" : "|-+-")} policy='{group.Policy}' prio={group.Priority} status={group.Status}");
            for (var p = 0; p < group.Paths.Count; p++)
            {
                var path = group.Paths[p];
                var branch = (lastGroup ? "  " : "| ") + (p == group.Paths.Count - 1 ? "`- " : "|- ");
                output.WriteLine(
                    $"{branch}{path.Hbtl.PadRight(hbtlWidth)} {path.Dev.PadRight(devWidth)} {path.DevT.PadRight(devTWidth)} " +
                    $"{path.DmState} {path.Checker} {path.DeviceState}");
            }
        }
    }

    public static string GroupState(DmGroupState state) => state.ToString().ToLowerInvariant();

    public static string PathState(DmPathState state) => state switch
    {
        DmPathState.Active => "active",
        DmPathState.Failed => "failed",
        _ => "undef",
    };

    public static string CheckerName(MapPath path) => path.Checker?.State.ToCheckerStatusName() ?? "undef";

    /// <summary>Size from 512-byte sectors with a binary unit: one decimal below 10 ("8.0M"), none above ("16M").</summary>
    public static string Size(long sectors)
    {
        var value = sectors / 2.0;
        const string units = "KMGTPE";
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var format = value < 10 ? "0.0" : "0";
        return value.ToString(format, CultureInfo.InvariantCulture) + units[unit];
    }
}
