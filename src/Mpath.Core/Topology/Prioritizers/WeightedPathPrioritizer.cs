using System.Text.RegularExpressions;
using Mpath.Core.Model;

namespace Mpath.Core.Topology.Prioritizers;

/// <summary>
/// <c>weightedpath</c>: the administrator lists regular expressions with priorities, matched
/// against one property of the path chosen by the first argument -
/// <c>hbtl</c> (host:bus:target:lun), <c>devname</c> (sda), <c>serial</c>, or <c>wwn</c>
/// (host_wwnn:host_wwpn:target_wwnn:target_wwpn, from ProbeData <c>wwn</c>), e.g.
/// <c>hbtl 1:.:.:. 2 4:.:.:. 4</c>. The first matching expression wins; no match gives 0.
/// Expressions are POSIX extended, unanchored.
/// </summary>
public static class WeightedPathPrioritizer
{
    public const int DefaultPriority = 0;
    public const string WwnKey = "wwn";

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        var words = input.Args.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return PriorityResult.Of(DefaultPriority);
        string? subject = words[0] switch
        {
            "hbtl" => path.Hbtl,
            "devname" => path.Dev,
            "serial" => path.Serial,
            "wwn" => path.ProbeData.GetValueOrDefault(WwnKey),
            _ => null,
        };
        if (subject is null)
        {
            return new PriorityResult(DefaultPriority, words[0] is "wwn" or "hbtl" or "devname" or "serial"
                ? $"no {words[0]} for this path"
                : $"invalid weightedpath arguments '{input.Args}'");
        }
        for (var i = 1; i + 1 < words.Length; i += 2)
        {
            var pattern = TryCompile(words[i]);
            if (pattern is not null && pattern.IsMatch(subject))
                return PriorityResult.Of(AsciiToInt(words[i + 1]));
        }
        return PriorityResult.Of(DefaultPriority);
    }

    private static Regex? TryCompile(string pattern)
    {
        try
        {
            // Non-backtracking: an administrator's pattern can never stall the daemon.
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>C <c>atoi</c>: optional sign and leading digits, anything else ignored, 0 when none.</summary>
    public static int AsciiToInt(string text)
    {
        var span = text.AsSpan().TrimStart();
        var negative = false;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }
        long value = 0;
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
                break;
            value = Math.Min(value * 10 + (c - '0'), int.MaxValue);
        }
        return (int)(negative ? -value : value);
    }
}
