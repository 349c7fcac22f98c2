using System.Collections.Frozen;
using System.Diagnostics;
using System.Text;
using Mpath.Daemon.Control;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Show;

/// <summary>
/// Answers every <c>show</c> command that needs only the daemon's state snapshot, with the reply text multipathd
/// 0.14 sends: an empty result becomes <c>ok</c> and an unknown map or path becomes <c>fail</c>, as multipathd's
/// listener does for handlers that print nothing or return an error.
/// </summary>
public static class ShowCommandRenderer
{
    public const string OkReply = "ok\n";
    public const string FailReply = "fail\n";

    /// <summary>multipathd's default layouts.</summary>
    public const string PathsFormat = "%i %d %D %p %t %T %o %C";
    public const string MapsFormat = "%n %d %w";
    public const string MapsStatusFormat = "%n %F %Q %N %t %r";
    public const string MapsStatsFormat = "%n %0 %1 %2 %3 %4";

    /// <summary>Renders <paramref name="command"/> against <paramref name="snapshot"/>; false for shapes outside this renderer (show config, blacklist, devices).</summary>
    public static bool TryRender(ControlCommand command, DaemonSnapshot snapshot, out string reply)
    {
        if (!Shapes.Contains(command.Shape))
        {
            reply = "";
            return false;
        }
        string? text = command.Shape switch
        {
            "show paths" => Paths(snapshot, PathsFormat, pretty: true),
            "show paths format $format" => Paths(snapshot, command.Parameter("format"), pretty: true),
            "show paths raw format $format" => Paths(snapshot, command.Parameter("format"), pretty: false),
            "show path $path" => Path(snapshot, command.Parameter("path")),
            "show maps" => Maps(snapshot, MapsFormat, pretty: true),
            "show maps status" => Maps(snapshot, MapsStatusFormat, pretty: true),
            "show maps stats" => Maps(snapshot, MapsStatsFormat, pretty: true),
            "show maps format $format" => Maps(snapshot, command.Parameter("format"), pretty: true),
            "show maps raw format $format" => Maps(snapshot, command.Parameter("format"), pretty: false),
            // multipathd pads a single map's line to the widths of all maps, with or without "raw".
            "show map $map format $format" or "show map $map raw format $format" =>
                Map(snapshot, command.Parameter("map"), command.Parameter("format")),
            "show topology" or "show maps topology" => Topology(snapshot, snapshot.Maps),
            "show map $map topology" => snapshot.FindMap(command.Parameter("map")) is { } m ? Topology(snapshot, [m]) : null,
            "show maps json" => MapsJsonPrinter.Maps(snapshot.Maps),
            "show map $map json" => snapshot.FindMap(command.Parameter("map")) is { } m ? MapsJsonPrinter.Map(m) : null,
            "show status" => DaemonStatusPrinter.Status(snapshot),
            "show daemon" => DaemonStatusPrinter.Daemon(snapshot),
            "show wildcards" => DaemonStatusPrinter.Wildcards(),
            _ => throw new UnreachableException(command.Shape),
        };
        reply = text switch
        {
            null => FailReply,
            "" => OkReply,
            _ => text,
        };
        return true;
    }

    /// <summary>The command shapes this renderer answers.</summary>
    public static IReadOnlySet<string> Shapes { get; } = new[]
    {
        "show paths", "show paths format $format", "show paths raw format $format", "show path $path",
        "show maps", "show maps status", "show maps stats", "show maps format $format", "show maps raw format $format",
        "show map $map format $format", "show map $map raw format $format", "show topology", "show maps topology",
        "show map $map topology", "show maps json", "show map $map json", "show status", "show daemon", "show wildcards",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static string Paths(DaemonSnapshot snapshot, string format, bool pretty)
    {
        var paths = snapshot.AllPaths;
        if (paths.Count == 0) return "";
        var text = new StringBuilder();
        FormatTemplate.AppendTable(text, format, PathWildcards.Table, paths, pretty);
        return text.ToString();
    }

    /// <summary><c>show path DEV</c> prints only the path's device state; null for an unknown path.</summary>
    private static string? Path(DaemonSnapshot snapshot, string device)
    {
        if (snapshot.FindPath(device) is not { } path) return null;
        var text = new StringBuilder();
        FormatTemplate.AppendLine(text, "%o", PathWildcards.Table, path);
        return text.ToString();
    }

    private static string Maps(DaemonSnapshot snapshot, string format, bool pretty)
    {
        if (snapshot.Maps.Count == 0) return "";
        var text = new StringBuilder();
        FormatTemplate.AppendTable(text, format, MapWildcards.Table, snapshot.Maps, pretty);
        return text.ToString();
    }

    private static string? Map(DaemonSnapshot snapshot, string key, string format)
    {
        if (snapshot.FindMap(key) is not { } map) return null;
        var widths = FormatTemplate.FitWidths(MapWildcards.Table, snapshot.Maps, includeHeaders: true, format);
        var text = new StringBuilder();
        FormatTemplate.AppendLine(text, format, MapWildcards.Table, map, widths);
        return text.ToString();
    }

    private static string Topology(DaemonSnapshot snapshot, IReadOnlyList<MapSnapshot> maps)
    {
        var widths = TopologyPrinter.PathWidths(snapshot);
        var text = new StringBuilder();
        foreach (var map in maps) TopologyPrinter.AppendMap(text, map, widths);
        return text.ToString();
    }
}
