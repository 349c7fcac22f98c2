namespace Mpath.Core.Tests.Config;

/// <summary>One keyword line inside a <c>device { }</c> block.</summary>
internal sealed record DeviceAttribute(string Keyword, string Value, int Line);

/// <summary>One <c>device { }</c> block as written in a hardware table file.</summary>
internal sealed record DeviceBlock(string File, int Line, IReadOnlyList<DeviceAttribute> Attributes)
{
    public string? Get(string keyword) =>
        Attributes.FirstOrDefault(a => a.Keyword == keyword)?.Value;

    public int Count(string keyword) => Attributes.Count(a => a.Keyword == keyword);

    /// <summary>What a later entry must differ in to be a separate entry.</summary>
    public string Identity => $"{Get("vendor")}|{Get("product")}|{Get("revision")}";
}

internal sealed record ConfScan(IReadOnlyList<DeviceBlock> Devices, IReadOnlyList<string> Problems);

/// <summary>
/// Deliberately small text scanner for the hardware table files: it knows only
/// <c>devices { device { keyword value } }</c>, so these tests do not depend on the
/// real configuration parser that loads the same files.
/// </summary>
internal static class ConfTextScanner
{
    private sealed record Token(string Text, bool Quoted, int Line);

    public static ConfScan Scan(string fileName, string text)
    {
        var problems = new List<string>();
        var lines = Tokenize(fileName, text, problems);
        var devices = new List<DeviceBlock>();
        var depth = 0;
        List<DeviceAttribute>? current = null;
        var currentLine = 0;

        foreach (var line in lines)
        {
            var first = line[0];
            var at = $"{fileName}:{first.Line}";
            if (!first.Quoted && first.Text == "}")
            {
                if (line.Count > 1)
                    problems.Add($"{at}: text after a closing brace");
                depth--;
                if (depth < 0)
                {
                    problems.Add($"{at}: closing brace without an opening one");
                    depth = 0;
                }
                else if (depth == 1 && current is not null)
                {
                    devices.Add(new DeviceBlock(fileName, currentLine, current));
                    current = null;
                }
                continue;
            }

            var opens = line.Count == 2 && !line[1].Quoted && line[1].Text == "{";
            switch (depth)
            {
                case 0 when opens && first.Text == "devices":
                    depth = 1;
                    break;
                case 1 when opens && first.Text == "device":
                    depth = 2;
                    current = [];
                    currentLine = first.Line;
                    break;
                case 2 when line.Count == 2 && !first.Quoted && IsPlainValue(line[1]):
                    current!.Add(new DeviceAttribute(first.Text, line[1].Text, first.Line));
                    break;
                case 2:
                    problems.Add($"{at}: expected 'keyword value' inside a device block");
                    break;
                default:
                    problems.Add($"{at}: unexpected '{first.Text}' at nesting depth {depth}");
                    break;
            }
        }

        if (depth != 0)
            problems.Add($"{fileName}: {depth} brace(s) left open at end of file");

        foreach (var device in devices)
        {
            foreach (var keyword in new[] { "vendor", "product" })
            {
                if (device.Count(keyword) != 1)
                    problems.Add($"{device.File}:{device.Line}: device block has {device.Count(keyword)} '{keyword}' lines, expected 1");
            }
        }

        return new ConfScan(devices, problems);
    }

    private static bool IsPlainValue(Token token) => token.Quoted || (token.Text != "{" && token.Text != "}");

    /// <summary>
    /// Splits text into lines of tokens. Quoted strings do not span lines; <c>""</c> inside
    /// quotes is a literal quote; <c>#</c> or <c>!</c> outside quotes starts a comment.
    /// </summary>
    private static List<List<Token>> Tokenize(string fileName, string text, List<string> problems)
    {
        var result = new List<List<Token>>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var tokens = new List<Token>();
            var i = 0;
            while (i < raw.Length)
            {
                var c = raw[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c is '#' or '!')
                {
                    break;
                }
                else if (c is '{' or '}')
                {
                    tokens.Add(new Token(c.ToString(), false, lineNumber));
                    i++;
                }
                else if (c == '"')
                {
                    var value = new System.Text.StringBuilder();
                    var closed = false;
                    i++;
                    while (i < raw.Length)
                    {
                        if (raw[i] == '"')
                        {
                            if (i + 1 < raw.Length && raw[i + 1] == '"')
                            {
                                value.Append('"');
                                i += 2;
                                continue;
                            }
                            closed = true;
                            i++;
                            break;
                        }
                        value.Append(raw[i]);
                        i++;
                    }
                    if (!closed)
                        problems.Add($"{fileName}:{lineNumber}: quoted string not closed on its line");
                    tokens.Add(new Token(value.ToString(), true, lineNumber));
                }
                else
                {
                    var start = i;
                    while (i < raw.Length && !char.IsWhiteSpace(raw[i]) && raw[i] is not ('{' or '}' or '"'))
                        i++;
                    tokens.Add(new Token(raw[start..i], false, lineNumber));
                }
            }
            if (tokens.Count > 0)
                result.Add(tokens);
        }
        return result;
    }
}
