using System.Globalization;
using Mpath.Core.Model;

namespace Mpath.Core.Topology.Prioritizers;

/// <summary>
/// <c>iet</c> (iSCSI): 20 when the path's iSCSI portal address matches <c>preferredip=ADDR</c>,
/// else 10; 0 when the argument is missing or malformed. ProbeData <c>iet</c>: the
/// <c>/dev/disk/by-path</c> link names pointing at this device, space-separated.
/// </summary>
public static class IetPrioritizer
{
    public const string Key = "iet";

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        var args = input.Args.Trim();
        if (!args.StartsWith("preferredip=", StringComparison.Ordinal))
            return new PriorityResult(0, "need prio_args with preferredip set");
        var preferred = args["preferredip=".Length..].Split([' ', '\t'], 2)[0];
        if (preferred.Length <= 7)
            return new PriorityResult(0, "preferredip too short");
        var links = path.ProbeData.GetValueOrDefault(Key) ?? "";
        foreach (var link in links.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var address = FirstIpv4(link);
            // The address found is compared as a prefix of the preferred one, as multipath-tools does.
            if (address is not null && preferred.StartsWith(address, StringComparison.Ordinal))
                return PriorityResult.Of(20);
        }
        return PriorityResult.Of(10);
    }

    private static string? FirstIpv4(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
        return match.Success ? match.Value : null;
    }
}

/// <summary>
/// <c>datacore</c> (SANsymphony): 1 when the serving DataCore server's name (standard INQUIRY
/// bytes 112-127) contains <c>preferredsds=NAME</c>, else 0. ProbeData <c>datacore</c>: hex of
/// the standard INQUIRY response.
/// </summary>
public static class DatacorePrioritizer
{
    public const string Key = "datacore";

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        string? preferred = null;
        var timeout = 2000;
        foreach (var word in input.Args.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.StartsWith("preferredsds=", StringComparison.Ordinal))
                preferred = word["preferredsds=".Length..];
            else if (word.StartsWith("timeout=", StringComparison.Ordinal) && !int.TryParse(word["timeout=".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out timeout))
                return new PriorityResult(0, "unexpected prio_args format");
        }
        if (preferred is null)
            return new PriorityResult(0, "need prio_args with preferredsds set");
        if (preferred.Length <= 1)
            return new PriorityResult(0, "preferredsds too short (1 character min)");
        if (timeout is < 500 or > 20000)
            return new PriorityResult(0, "timeout out of bounds [500:20000]");
        var inquiry = ProbeBytes.TryDecodeHex(path.ProbeData.GetValueOrDefault(Key));
        if (inquiry is null)
            return new PriorityResult(0, "no standard INQUIRY response");
        var serverName = ProbeBytes.Text(inquiry, 112, 16);
        return PriorityResult.Of(serverName.Contains(preferred, StringComparison.Ordinal) ? 1 : 0);
    }
}

/// <summary>
/// <c>path_latency</c>: from the average read latency of <c>io_num</c> probes, a priority on a
/// logarithmic scale of base <c>base_num</c> between 1us and 100s (args <c>io_num|base_num</c>,
/// e.g. <c>20|10</c>). ProbeData <c>path_latency</c>: latency samples in microseconds
/// (space or comma separated), or <c>down</c> when a probe read failed.
/// </summary>
public static class PathLatencyPrioritizer
{
    public const string Key = "path_latency";
    public const double MaxAverageLatencyUs = 100_000_000.0;
    public const double MinAverageLatencyUs = 1.0;

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        if (!TryParseArgs(input.Args, out var ioCount, out var logBase))
            return new PriorityResult(0, $"invalid path_latency args '{input.Args}'");
        if (!path.ProbeData.TryGetValue(Key, out var text))
            return PriorityResult.Failed("no latency samples");
        if (text.Trim() == "down")
            return PriorityResult.Failed("path down");
        var samples = new List<long>();
        foreach (var word in text.Split([' ', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var sample))
                return PriorityResult.Failed($"bad latency sample '{word}'");
            samples.Add(sample);
            if (samples.Count == ioCount)
                break;
        }
        if (samples.Count == 0)
            return PriorityResult.Failed("no latency samples");
        var average = samples.Sum() / samples.Count;
        if (average > MaxAverageLatencyUs)
            return new PriorityResult(0, $"average latency {average}us is beyond the threshold");
        return PriorityResult.Of(FromAverageLatency(average, logBase));
    }

    public static int FromAverageLatency(double averageUs, double logBase)
    {
        var average = Math.Log(averageUs) / Math.Log(logBase);
        var max = Math.Log(MaxAverageLatencyUs) / Math.Log(logBase);
        var min = Math.Log(MinAverageLatencyUs) / Math.Log(logBase);
        if (average <= min)
            return (int)(max + 1.0);
        if (average > max)
            return 0;
        return (int)(max - average + 1.0);
    }

    /// <summary>Parses <c>io_num|base_num</c>: io_num in 2..200, base_num in 2..10.</summary>
    public static bool TryParseArgs(string args, out int ioCount, out int logBase)
    {
        ioCount = logBase = 0;
        if (args.Length is < 1 or > 29)
            return false;
        var bar = args.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || bar + 1 >= args.Length || !char.IsAsciiDigit(args[bar + 1]))
            return false;
        if (!int.TryParse(args.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out ioCount))
            return false;
        var rest = args.AsSpan(bar + 1);
        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            digits++;
        if (!int.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out logBase))
            return false;
        return ioCount is >= 2 and <= 200 && logBase is >= 2 and <= 10;
    }
}
