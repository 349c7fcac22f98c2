using System.Globalization;
using System.Text.RegularExpressions;

namespace Mpath.Core.Config.Keywords;

/// <summary>Validates keyword values and brings them to the canonical form multipath.conf prints.</summary>
public static partial class KeywordValues
{
    private static readonly string[] PathSelectors = ["round-robin", "queue-length", "service-time", "historical-service-time"];

    /// <summary>
    /// Checks <paramref name="raw"/> against the keyword's value forms. On success <paramref name="canonical"/>
    /// is the printed form (yes for 1, immediate for failback 0, ...); on failure <paramref name="problem"/>
    /// says what is wrong and which forms are allowed.
    /// </summary>
    public static bool TryNormalize(Keyword keyword, string raw, out string canonical, out string problem)
    {
        canonical = raw;
        problem = "";
        switch (keyword.Kind)
        {
            case ValueKind.Text:
            case ValueKind.Deprecated:
                return true;
            case ValueKind.NonEmptyText:
                return Check(raw.Length > 0, "a non-empty value", out problem);
            case ValueKind.Regex:
                return Check(IsValidRegex(raw, out var why), $"a valid regular expression ({why})", out problem);
            case ValueKind.BlacklistRegex:
                return Check(IsValidRegex(Blacklisting.BlacklistPattern.StripInversion(raw, out _), out var why2), $"a valid regular expression, optionally starting with '!' ({why2})", out problem);
            case ValueKind.Integer:
                {
                    var ok = long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= keyword.Min && n <= keyword.Max;
                    if (ok)
                    {
                        canonical = n.ToString(CultureInfo.InvariantCulture);
                    }
                    return Check(ok, IntegerRange(keyword), out problem);
                }
            case ValueKind.YesNo:
                canonical = raw switch { "1" => "yes", "0" => "no", _ => raw };
                return Check(canonical is "yes" or "no", "yes or no", out problem);
            case ValueKind.Choice:
                if (keyword.Synonyms.TryGetValue(raw, out var synonym))
                {
                    canonical = synonym;
                    return true;
                }
                return Check(keyword.Choices.Contains(raw), "one of " + string.Join(", ", keyword.Choices.Concat(keyword.Synonyms.Keys)), out problem);
            case ValueKind.NoOrPositive:
                if (raw is "no" or "0")
                {
                    canonical = "no";
                    return true;
                }
                return Check(TryPositive(raw, out canonical), "no, or a positive number", out problem);
            case ValueKind.OffOrNonNegative:
                if (raw == "off")
                {
                    return true;
                }
                return Check(TryNonNegative(raw, out canonical), "off, or a number >= 0", out problem);
            case ValueKind.InfinityOrNonNegative:
                if (raw == "infinity")
                {
                    return true;
                }
                return Check(TryNonNegative(raw, out canonical), "infinity, or a number of seconds >= 0", out problem);
            case ValueKind.MaxOrPositive:
                if (raw == "max")
                {
                    return true;
                }
                return Check(TryPositive(raw, out canonical), "max, or a positive number", out problem);
            case ValueKind.Failback:
                {
                    var ok = global::Mpath.Core.Model.Failback.TryParse(raw, out var failback);
                    canonical = ok ? failback.ToString() : raw;
                    return Check(ok, "immediate, manual, followover, or a positive number of seconds (deferred)", out problem);
                }
            case ValueKind.NoPathRetry:
                {
                    var ok = global::Mpath.Core.Model.NoPathRetry.TryParse(raw, out var retry);
                    canonical = ok ? retry.ToString() : raw;
                    return Check(ok, "fail, queue, or a number of polling intervals", out problem);
                }
            case ValueKind.Features:
                return Check(TryCountedWords(raw, 0, out canonical), "\"N word1 ... wordN\": a count followed by that many words, e.g. \"1 queue_if_no_path\"", out problem);
            case ValueKind.HardwareHandler:
                return Check(TryCountedWords(raw, 1, out canonical) && !canonical.StartsWith("1 0", StringComparison.Ordinal),
                    "\"0\" or \"1 NAME\" with NAME one of emc, rdac, hp_sw, alua, ana", out problem);
            case ValueKind.PathSelector:
                {
                    var words = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    var ok = words.Length >= 2 && PathSelectors.Contains(words[0]) && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
                    canonical = string.Join(' ', words);
                    return Check(ok, "\"NAME N [args]\" with NAME one of " + string.Join(", ", PathSelectors) + ", e.g. \"service-time 0\"", out problem);
                }
            case ValueKind.ReservationKey:
                return Check(raw == "file" || ReservationKeyPattern().IsMatch(raw), "file, or a hexadecimal key of up to 16 digits (0x optional), optionally followed by :aptpl", out problem);
            case ValueKind.OctalMode:
                return Check(raw.Length is > 0 and <= 4 && raw.All(c => c is >= '0' and <= '7'), "an octal file mode, e.g. 0600", out problem);
            default:
                return Check(false, "a supported value", out problem);
        }
    }

    /// <summary>
    /// How multipath.conf writes a canonical value: numbers bare, everything else double-quoted with
    /// quotes inside doubled, as multipath-tools' printer does.
    /// </summary>
    public static string Print(string canonical)
    {
        if (canonical.Length > 0 && long.TryParse(canonical, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) && canonical == canonical.Trim())
        {
            return canonical;
        }
        return "\"" + canonical.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static bool IsValidRegex(string pattern, out string problem)
    {
        problem = "";
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
            return false;
        }
    }

    private static string IntegerRange(Keyword keyword) => (keyword.Min, keyword.Max) switch
    {
        (int.MinValue, int.MaxValue) => "an integer",
        (_, int.MaxValue) => $"an integer >= {keyword.Min}",
        _ => $"an integer from {keyword.Min} to {keyword.Max}",
    };

    private static bool Check(bool ok, string allowed, out string problem)
    {
        problem = ok ? "" : "expected " + allowed;
        return ok;
    }

    private static bool TryPositive(string raw, out string canonical)
    {
        var ok = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0;
        canonical = ok ? n.ToString(CultureInfo.InvariantCulture) : raw;
        return ok;
    }

    private static bool TryNonNegative(string raw, out string canonical)
    {
        var ok = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n);
        canonical = ok ? n.ToString(CultureInfo.InvariantCulture) : raw;
        return ok;
    }

    /// <summary>"N w1 .. wN": a leading count that matches the number of following words (arguments of features count as words).</summary>
    private static bool TryCountedWords(string raw, int maxCount, out string canonical)
    {
        var words = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        canonical = string.Join(' ', words);
        if (words.Length == 0 || !int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }
        if (maxCount > 0 && count > maxCount)
        {
            return false;
        }
        return count == words.Length - 1;
    }

    [GeneratedRegex("^(0x)?[0-9a-fA-F]{1,16}(:aptpl)?$")]
    private static partial Regex ReservationKeyPattern();
}
