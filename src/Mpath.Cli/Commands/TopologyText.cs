using Mpath.Core.Topology.DeviceMapper;
using System.Globalization;
using Mpath.Core.Model;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Topology;

namespace Mpath.Cli.Commands;

/// <summary>Renders maps in the layout of <c>multipath -ll</c>.</summary>
internal static class TopologyText
{
    public static void Write(TextWriter output, MapTopology map)
    {
        var header = map.Name == map.Wwid ? map.Wwid : $"{map.Name} ({map.Wwid})";
        output.WriteLine($"{header} {map.SysfsName} {map.Vendor},{map.Product}");
        output.WriteLine($"size={Size(map.SizeSectors)} features='{map.Features}' hwhandler='{map.HardwareHandler}' wp={(map.ReadOnly ? "ro" : "rw")}");
        var all = map.Groups.SelectMany(g => g.Paths).ToList();
        var hbtlWidth = all.Count == 0 ? 0 : all.Max(p => p.Hbtl.Length);
        var devWidth = all.Count == 0 ? 0 : all.Max(p => p.Dev.Length);
        var devTWidth = all.Count == 0 ? 0 : all.Max(p => p.DevT.Length);
        for (var g = 0; g < map.Groups.Count; g++)
        {
            var group = map.Groups[g];
            var lastGroup = g == map.Groups.Count - 1;
            output.WriteLine($"{(lastGroup ? "`-+-" : "|-+-")} policy='{group.Policy}' prio={group.Priority} status={GroupState(group.State)}");
            for (var p = 0; p < group.Paths.Count; p++)
            {
                var path = group.Paths[p];
                var branch = (lastGroup ? "  " : "| ") + (p == group.Paths.Count - 1 ? "`- " : "|- ");
                output.WriteLine(
                    $"{branch}{path.Hbtl.PadRight(hbtlWidth)} {path.Dev.PadRight(devWidth)} {path.DevT.PadRight(devTWidth)} " +
                    $"{PathState(path.DmState)} {CheckerName(path)} {path.DeviceState}");
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
