using System.Collections.Frozen;
using System.Text;

namespace Mpath.Daemon.Control;

/// <summary>
/// The multipathd command language (multipath-tools 0.14): verbs and qualifiers with their synonyms, the parameters
/// some qualifiers take, and the list of valid command shapes. Parsing never throws; anything unknown is an error
/// with the reason.
/// </summary>
public static class ControlCommandGrammar
{
    /// <summary>Word as typed → canonical keyword. Parameter-taking keywords are listed in <see cref="TakesParameter"/>.</summary>
    private static readonly FrozenDictionary<string, string> Keywords = new Dictionary<string, string>
    {
        ["list"] = "show", ["show"] = "show", ["add"] = "add", ["remove"] = "del", ["del"] = "del",
        ["switch"] = "switch", ["switchgroup"] = "switch", ["reconfigure"] = "reconfigure", ["suspend"] = "suspend",
        ["resume"] = "resume", ["reset"] = "reset", ["resize"] = "resize", ["reload"] = "reload", ["fail"] = "fail",
        ["reinstate"] = "reinstate", ["disablequeueing"] = "disablequeueing", ["restorequeueing"] = "restorequeueing",
        ["forcequeueing"] = "forcequeueing", ["getprstatus"] = "getprstatus", ["setprstatus"] = "setprstatus",
        ["unsetprstatus"] = "unsetprstatus", ["getprkey"] = "getprkey", ["setprkey"] = "setprkey",
        ["unsetprkey"] = "unsetprkey", ["setmarginal"] = "setmarginal", ["unsetmarginal"] = "unsetmarginal",
        ["shutdown"] = "shutdown", ["quit"] = "quit", ["exit"] = "quit",
        ["paths"] = "paths", ["path"] = "path", ["maps"] = "maps", ["multipaths"] = "maps", ["map"] = "map",
        ["multipath"] = "map", ["group"] = "group", ["daemon"] = "daemon", ["status"] = "status", ["stats"] = "stats",
        ["topology"] = "topology", ["config"] = "config", ["blacklist"] = "blacklist", ["devices"] = "devices",
        ["raw"] = "raw", ["wildcards"] = "wildcards", ["format"] = "format", ["json"] = "json", ["key"] = "key",
        ["local"] = "local", ["all"] = "all",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> TakesParameter =
        new[] { "path", "map", "group", "format", "key" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every command multipathd 0.14 accepts, as shapes. Also the text of <c>help</c> replies.</summary>
    public static readonly IReadOnlyList<string> Shapes =
    [
        "show paths", "show paths format $format", "show paths raw format $format", "show path $path",
        "show maps", "show maps status", "show maps stats", "show maps format $format", "show maps raw format $format",
        "show maps topology", "show maps json", "show map $map topology", "show map $map json",
        "show map $map format $format", "show map $map raw format $format", "show topology",
        "show config", "show config local", "show blacklist", "show devices", "show wildcards", "show status",
        "show daemon",
        "add path $path", "del path $path", "add map $map", "del map $map", "del maps",
        "switch map $map group $group", "reconfigure", "reconfigure all",
        "suspend map $map", "resume map $map", "reset map $map", "reload map $map", "resize map $map",
        "disablequeueing map $map", "restorequeueing map $map", "disablequeueing maps", "restorequeueing maps",
        "forcequeueing daemon", "restorequeueing daemon",
        "reinstate path $path", "fail path $path",
        "getprstatus map $map", "setprstatus map $map", "unsetprstatus map $map",
        "getprkey map $map", "setprkey map $map key $key", "unsetprkey map $map",
        "setmarginal path $path", "unsetmarginal path $path", "unsetmarginal map $map",
        "shutdown", "quit",
    ];

    private static readonly FrozenSet<string> ShapeSet = Shapes.ToFrozenSet(StringComparer.Ordinal);

    public static ControlParseResult Parse(string text)
    {
        if (!Tokenize(text, out var tokens, out var tokenError)) return new(null, tokenError);
        if (tokens.Count == 0) return new(null, "empty command");
        var shape = new StringBuilder();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!Keywords.TryGetValue(tokens[i], out var keyword))
            {
                return new(null, $"unknown keyword '{tokens[i]}'");
            }
            if (shape.Length > 0) shape.Append(' ');
            shape.Append(keyword);
            if (TakesParameter.Contains(keyword))
            {
                if (i + 1 >= tokens.Count) return new(null, $"'{tokens[i]}' needs a parameter");
                parameters[keyword] = tokens[++i];
                shape.Append(" $").Append(keyword);
            }
        }
        var result = shape.ToString();
        return ShapeSet.Contains(result)
            ? new(new ControlCommand(result, parameters), null)
            : new(null, $"invalid command: {text.Trim()}");
    }

    /// <summary>The reply to an unknown or malformed command: the reason and the list of valid commands.</summary>
    public static string Usage(string reason)
    {
        var text = new StringBuilder();
        text.Append("error: ").Append(reason).Append('\n').Append("multipath-tools compatible commands:\n");
        foreach (var shape in Shapes)
        {
            text.Append("  ").Append(shape.Replace("$", "", StringComparison.Ordinal)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Splits on blanks; double quotes group words (a format string) and are removed.</summary>
    private static bool Tokenize(string text, out List<string> tokens, out string? error)
    {
        tokens = [];
        error = null;
        var current = new StringBuilder();
        var inQuotes = false;
        var hasToken = false;
        foreach (var c in text)
        {
            if (c == '\0') break;
            if (c == '"')
            {
                inQuotes = !inQuotes;
                hasToken = true;
            }
            else if (!inQuotes && char.IsWhiteSpace(c))
            {
                if (hasToken) tokens.Add(current.ToString());
                current.Clear();
                hasToken = false;
            }
            else
            {
                current.Append(c);
                hasToken = true;
            }
        }
        if (inQuotes)
        {
            error = "unterminated quote";
            return false;
        }
        if (hasToken) tokens.Add(current.ToString());
        return true;
    }
}
