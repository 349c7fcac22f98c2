using System.Text;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Show;

/// <summary>
/// The <c>multipath -ll</c> / <c>show topology</c> listing: a title line, the map properties, then each path group
/// with its paths drawn as a tree.
/// </summary>
public static class TopologyPrinter
{
    public const string MapPropertiesFormat = "size=%S features='%f' hwhandler='%h' wp=%r";
    public const string GroupFormat = "policy='%s' prio=%p status=%t";
    public const string PathFormat = "%i %d %D %t %T %o";

    /// <summary>Path column widths for the tree: fitted to every known path's values (no headers), as multipathd does.</summary>
    public static int[] PathWidths(DaemonSnapshot snapshot) =>
        FormatTemplate.FitWidths(PathWildcards.Table, snapshot.AllPaths, includeHeaders: false, PathFormat);

    public static void AppendMap(StringBuilder text, MapSnapshot map, int[] pathWidths)
    {
        FormatTemplate.AppendLine(text, TitleFormat(map), MapWildcards.Table, map);
        FormatTemplate.AppendLine(text, MapPropertiesFormat, MapWildcards.Table, map);
        for (var g = 0; g < map.Groups.Count; g++)
        {
            var group = map.Groups[g];
            var lastGroup = g == map.Groups.Count - 1;
            text.Append(lastGroup ? '`' : '|').Append("-+- ");
            FormatTemplate.AppendLine(text, GroupFormat, GroupWildcards.Table, group);
            for (var p = 0; p < group.Paths.Count; p++)
            {
                text.Append(lastGroup ? ' ' : '|').Append(' ').Append(p == group.Paths.Count - 1 ? '`' : '|').Append("- ");
                FormatTemplate.AppendLine(text, PathFormat, PathWildcards.Table, group.Paths[p], pathWidths);
            }
        }
    }

    /// <summary>
    /// <c>[action: ]name[ (wwid)] dm-N vendor,product</c>: the action only when the daemon did something to the map,
    /// the wwid only when the name is an alias.
    /// </summary>
    private static string TitleFormat(MapSnapshot map)
    {
        var showAction = map.Action is not (MapAction.Nothing or MapAction.Undefined or MapAction.Impossible);
        var showWwid = map.Name.Length > 0 && map.Name != map.Wwid;
        return (showAction ? "%A: " : "") + "%n" + (showWwid ? " (%w)" : "") + " %d %s";
    }
}
