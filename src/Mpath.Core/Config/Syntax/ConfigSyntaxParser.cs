namespace Mpath.Core.Config.Syntax;

/// <summary>
/// Turns the text of one file into a tree of sections and settings. Knows only the brace grammar and
/// which names open sections; keyword validity is checked later against the keyword table. Never throws.
/// </summary>
public static class ConfigSyntaxParser
{
    /// <summary>Names that open a section or subsection when followed by '{'.</summary>
    private static readonly HashSet<string> SectionNames =
        ["defaults", "blacklist", "blacklist_exceptions", "devices", "device", "overrides", "protocol", "multipaths", "multipath"];

    private sealed class OpenSection(string name, int line)
    {
        public string Name { get; } = name;
        public int Line { get; } = line;
        public List<ConfigNode> Children { get; } = [];
    }

    public static IReadOnlyList<ConfigNode> Parse(string text, string file, DiagnosticBag diagnostics)
    {
        var root = new OpenSection("", 0);
        var stack = new Stack<OpenSection>();
        stack.Push(root);
        var lineNumber = 0;
        foreach (var rawLine in SplitLines(text))
        {
            lineNumber++;
            var tokens = ConfigLineTokenizer.Tokenize(rawLine, out var unterminated);
            if (unterminated)
            {
                diagnostics.Warning(file, lineNumber, "missing closing '\"'; the quoted value runs to the end of the line");
            }
            if (tokens.Count == 0)
            {
                continue;
            }
            var first = tokens[0];
            if (first.IsCloseBrace)
            {
                if (tokens.Count > 1)
                {
                    diagnostics.Warning(file, lineNumber, $"ignoring extra data after '}}' starting with '{tokens[1].Text}'");
                }
                if (stack.Count == 1)
                {
                    diagnostics.Error(file, lineNumber, "unmatched '}' (no section is open)");
                    continue;
                }
                Close(stack);
                continue;
            }
            if (first.IsOpenBrace)
            {
                diagnostics.Error(file, lineNumber, "'{' must follow a section name on the same line; ignored");
                continue;
            }
            var opensSection = tokens.Count > 1 && tokens[1].IsOpenBrace;
            if (opensSection || (!first.Quoted && SectionNames.Contains(first.Text) && tokens.Count == 1 && IsSectionContext(stack.Peek().Name, first.Text)))
            {
                if (!opensSection)
                {
                    diagnostics.Error(file, lineNumber, $"section '{first.Text}' needs '{{' on the same line; treating it as opened");
                }
                var section = new OpenSection(first.Text, lineNumber);
                stack.Push(section);
                if (tokens.Count > 2)
                {
                    if (tokens.Count == 3 && tokens[2].IsCloseBrace)
                    {
                        Close(stack);
                    }
                    else
                    {
                        diagnostics.Warning(file, lineNumber, $"ignoring extra data after '{{' starting with '{tokens[2].Text}'");
                    }
                }
                continue;
            }
            string? value = null;
            if (tokens.Count > 1)
            {
                value = tokens[1].Text;
                if (tokens.Count > 2)
                {
                    diagnostics.Warning(file, lineNumber,
                        $"ignoring extra data starting with '{tokens[2].Text}' (quote values that contain spaces, e.g. {first.Text} \"{string.Join(' ', tokens.Skip(1).Select(t => t.Text))}\")");
                }
            }
            stack.Peek().Children.Add(new ConfigSettingNode(first.Text, value, file, lineNumber));
        }
        var lastLine = Math.Max(1, lineNumber);
        while (stack.Count > 1)
        {
            var open = stack.Peek();
            diagnostics.Error(file, lastLine, $"missing '}}' at end of file for section '{open.Name}' opened on line {open.Line}");
            Close(stack);
        }
        return root.Children;

        void Close(Stack<OpenSection> s)
        {
            var done = s.Pop();
            s.Peek().Children.Add(new ConfigSectionNode(done.Name, file, done.Line, done.Children));
        }
    }

    /// <summary>Whether a bare section name (missing its brace) plausibly opens a section here.</summary>
    private static bool IsSectionContext(string parent, string name) => (parent, name) switch
    {
        ("", "defaults" or "blacklist" or "blacklist_exceptions" or "devices" or "overrides" or "multipaths") => true,
        ("devices" or "blacklist" or "blacklist_exceptions", "device") => true,
        ("multipaths", "multipath") => true,
        ("overrides", "protocol") => true,
        _ => false,
    };

    private static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                if (start < text.Length)
                {
                    yield return text[start..].TrimEnd('\r');
                }
                yield break;
            }
            yield return text[start..end].TrimEnd('\r');
            start = end + 1;
        }
    }
}
