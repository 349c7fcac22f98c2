using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Show;

/// <summary>
/// <c>show maps json</c> and <c>show map M json</c> in multipathd's exact layout (3-space indents,
/// <c>"key" : value</c>, version 0.1). The layout is multipathd's templates filled through the same wildcards as the
/// text output, with every value JSON-escaped, so the text is valid JSON even for odd names (multipathd itself does
/// not escape) and byte-identical to multipathd's for ordinary ones. Utf8JsonWriter cannot produce this spacing.
/// </summary>
public static class MapsJsonPrinter
{
    public const int MajorVersion = 0;
    public const int MinorVersion = 1;

    private const string MapTemplate =
        "{\n" +
        "      \"name\" : \"%n\",\n" +
        "      \"uuid\" : \"%w\",\n" +
        "      \"sysfs\" : \"%d\",\n" +
        "      \"failback\" : \"%F\",\n" +
        "      \"queueing\" : \"%Q\",\n" +
        "      \"paths\" : %N,\n" +
        "      \"write_prot\" : \"%r\",\n" +
        "      \"dm_st\" : \"%t\",\n" +
        "      \"features\" : \"%f\",\n" +
        "      \"hwhandler\" : \"%h\",\n" +
        "      \"action\" : \"%A\",\n" +
        "      \"path_faults\" : %0,\n" +
        "      \"vend\" : \"%v\",\n" +
        "      \"prod\" : \"%p\",\n" +
        "      \"rev\" : \"%e\",\n" +
        "      \"switch_grp\" : %1,\n" +
        "      \"map_loads\" : %2,\n" +
        "      \"total_q_time\" : %3,\n" +
        "      \"q_timeouts\" : %4,";

    private const string GroupTemplate =
        "{\n" +
        "         \"selector\" : \"%s\",\n" +
        "         \"pri\" : %p,\n" +
        "         \"dm_st\" : \"%t\",\n" +
        "         \"marginal_st\" : \"%M\",";

    private const string PathTemplate =
        "{\n" +
        "            \"dev\" : \"%d\",\n" +
        "            \"dev_t\" : \"%D\",\n" +
        "            \"dm_st\" : \"%t\",\n" +
        "            \"dev_st\" : \"%o\",\n" +
        "            \"chk_st\" : \"%T\",\n" +
        "            \"checker\" : \"%c\",\n" +
        "            \"pri\" : %p,\n" +
        "            \"host_wwnn\" : \"%N\",\n" +
        "            \"target_wwnn\" : \"%n\",\n" +
        "            \"host_wwpn\" : \"%R\",\n" +
        "            \"target_wwpn\" : \"%r\",\n" +
        "            \"host_adapter\" : \"%a\",\n" +
        "            \"lun_hex\" : \"%L\",\n" +
        "            \"marginal_st\" : \"%M\"";

    private const int IndentWidth = 3;
    private const string Indent = "   ";

    public static string Maps(IReadOnlyList<MapSnapshot> maps)
    {
        var text = new StringBuilder();
        AppendHeader(text);
        text.Append(Indent).Append("\"maps\": [");
        for (var i = 0; i < maps.Count; i++) AppendMap(text, maps[i], last: i == maps.Count - 1);
        text.Append("]\n").Append("}\n");
        return text.ToString();
    }

    public static string Map(MapSnapshot map)
    {
        var text = new StringBuilder();
        AppendHeader(text);
        text.Append(Indent).Append("\"map\":");
        AppendMap(text, map, last: true);
        text.Append('\n').Append("}\n");
        return text.ToString();
    }

    private static void AppendHeader(StringBuilder text) =>
        text.Append("{\n")
            .Append(Indent).Append("\"major_version\": ").Append(MajorVersion).Append(",\n")
            .Append(Indent).Append("\"minor_version\": ").Append(MinorVersion).Append(",\n");

    private static void AppendMap(StringBuilder text, MapSnapshot map, bool last)
    {
        FormatTemplate.AppendLine(text, MapTemplate, MapWildcards.Table, map, encode: Escape);
        text.Append(' ', 2 * IndentWidth).Append("\"path_groups\": [");
        for (var g = 0; g < map.Groups.Count; g++)
        {
            var group = map.Groups[g];
            FormatTemplate.AppendLine(text, GroupTemplate, GroupWildcards.Table, group, encode: Escape);
            // multipathd numbers groups by position, whatever the group's own number says.
            text.Append(' ', 3 * IndentWidth).Append("\"group\" : ").Append(g + 1).Append(",\n");
            text.Append(' ', 3 * IndentWidth).Append("\"paths\": [");
            for (var p = 0; p < group.Paths.Count; p++)
            {
                FormatTemplate.AppendLine(text, PathTemplate, PathWildcards.Table, group.Paths[p], encode: Escape);
                AppendElementEnd(text, 3, p == group.Paths.Count - 1);
            }
            text.Append("]\n");
            AppendElementEnd(text, 2, g == map.Groups.Count - 1);
        }
        text.Append("]\n");
        AppendElementEnd(text, 1, last);
    }

    private static void AppendElementEnd(StringBuilder text, int depth, bool last) =>
        text.Append(' ', depth * IndentWidth).Append(last ? "}" : "},");

    private static string Escape(string value) =>
        JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value;
}
