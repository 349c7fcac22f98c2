using System.Text;

namespace Mpath.Core.Config.Syntax;

/// <summary>A word of a configuration line. <see cref="Quoted"/> words keep whitespace, '#', '!' and braces literally.</summary>
public readonly record struct ConfigToken(string Text, bool Quoted)
{
    public bool IsOpenBrace => !Quoted && Text == "{";
    public bool IsCloseBrace => !Quoted && Text == "}";
}

/// <summary>
/// Splits one line the way multipath.conf is read: whitespace separates words, a double-quoted
/// string is one word in which <c>""</c> stands for a literal quote, '#' or '!' outside quotes starts
/// a comment, and braces are words of their own. An unterminated quote runs to the end of the line.
/// </summary>
public static class ConfigLineTokenizer
{
    public static List<ConfigToken> Tokenize(string line, out bool unterminatedQuote)
    {
        var tokens = new List<ConfigToken>();
        unterminatedQuote = false;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c) || c == '\0')
            {
                i++;
                continue;
            }
            if (c is '#' or '!')
            {
                break;
            }
            if (c is '{' or '}')
            {
                tokens.Add(new ConfigToken(c.ToString(), false));
                i++;
                continue;
            }
            if (c == '"')
            {
                var text = new StringBuilder();
                i++;
                var closed = false;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            text.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    text.Append(line[i]);
                    i++;
                }
                unterminatedQuote |= !closed;
                tokens.Add(new ConfigToken(text.ToString(), true));
                continue;
            }
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] is not ('"' or '#' or '!' or '{' or '}' or '\0'))
            {
                i++;
            }
            tokens.Add(new ConfigToken(line[start..i], false));
        }
        return tokens;
    }
}
