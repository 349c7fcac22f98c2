namespace Mpath.Cli.DropIn;

/// <summary>One option found on the command line, with its argument when it takes one.</summary>
internal sealed record GetoptOption(char Name, string? Argument);

/// <summary>The options in order, the operands, or the first error (unknown option, missing argument).</summary>
internal sealed record GetoptResult(IReadOnlyList<GetoptOption> Options, IReadOnlyList<string> Operands, string? Error)
{
    public bool Has(char name) => Options.Any(o => o.Name == name);

    /// <summary>The argument of the last occurrence of the option, as getopt loops leave it.</summary>
    public string? Last(char name) => Options.LastOrDefault(o => o.Name == name)?.Argument;
}

/// <summary>
/// The option syntax multipath and multipathd read with GNU getopt: single-letter options that may be grouped
/// (<c>-ll</c>, <c>-dv3</c>); a letter followed by <c>:</c> in the spec takes an argument, attached or the next word
/// (<c>-v 3</c>, <c>-v3</c>); followed by <c>::</c> an optional argument, attached only (<c>-kshow maps</c>, <c>-ll</c>).
/// Operands may come before options (GNU permutes them); <c>--</c> ends the options.
/// </summary>
internal static class Getopt
{
    public static GetoptResult Scan(IReadOnlyList<string> args, string spec)
    {
        var options = new List<GetoptOption>();
        var operands = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i];
            if (word == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }
            if (word.Length < 2 || word[0] != '-')
            {
                operands.Add(word);
                continue;
            }
            for (var j = 1; j < word.Length; j++)
            {
                var name = word[j];
                var at = name == ':' ? -1 : spec.IndexOf(name, StringComparison.Ordinal);
                if (at < 0) return new(options, operands, $"invalid option -- '{name}'");
                var takes = at + 1 < spec.Length && spec[at + 1] == ':';
                var optional = takes && at + 2 < spec.Length && spec[at + 2] == ':';
                if (!takes)
                {
                    options.Add(new(name, null));
                    continue;
                }
                var rest = word[(j + 1)..];
                if (rest.Length > 0)
                {
                    options.Add(new(name, rest));
                }
                else if (optional)
                {
                    options.Add(new(name, null));
                }
                else if (i + 1 < args.Count)
                {
                    options.Add(new(name, args[++i]));
                }
                else
                {
                    return new(options, operands, $"option requires an argument -- '{name}'");
                }
                break;
            }
        }
        return new(options, operands, null);
    }
}
