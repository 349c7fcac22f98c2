using System.Globalization;

namespace Mpath.Linux.DeviceMapper;

/// <summary>One path of a multipath table: its device (MAJ:MIN) and per-path selector arguments.</summary>
public sealed record MultipathTablePath(string Device, IReadOnlyList<string> Arguments);

/// <summary>A path group of a multipath table: selector with its arguments and the paths.</summary>
public sealed record MultipathTableGroup(string Selector, IReadOnlyList<string> SelectorArguments, IReadOnlyList<MultipathTablePath> Paths)
{
    /// <summary>"service-time 0": the selector with its count-prefixed arguments, as multipath -ll prints policy=.</summary>
    public string Policy => $"{Selector} {MultipathTable.CountPrefixed(SelectorArguments)}";
}

/// <summary>
/// The parameters of a dm-multipath table line (drivers/md/dm-mpath.c format):
/// <c>#features features.. #hwhandler-words hwhandler.. #groups initial-group</c>, then per group
/// <c>selector #selector-args args.. #paths #path-args</c> and per path <c>dev args..</c>.
/// </summary>
public sealed record MultipathTable(
    IReadOnlyList<string> Features,
    IReadOnlyList<string> HardwareHandler,
    int InitialGroup,
    IReadOnlyList<MultipathTableGroup> Groups)
{
    /// <summary>"1 queue_if_no_path" / "0": the count-prefixed form multipath -ll prints.</summary>
    public string FeaturesText => CountPrefixed(Features);

    /// <summary>"1 alua" / "0".</summary>
    public string HardwareHandlerText => CountPrefixed(HardwareHandler);

    public static MultipathTable Parse(string parameters)
    {
        var words = new WordReader(parameters, "multipath table");
        var features = words.CountedList();
        var handler = words.CountedList();
        var groupCount = words.Int();
        var initial = words.Int();
        var groups = new List<MultipathTableGroup>(groupCount);
        for (var g = 0; g < groupCount; g++)
        {
            var selector = words.Next();
            var selectorArgs = words.CountedList();
            var pathCount = words.Int();
            var pathArgCount = words.Int();
            var paths = new List<MultipathTablePath>(pathCount);
            for (var p = 0; p < pathCount; p++)
            {
                var dev = words.Next();
                paths.Add(new MultipathTablePath(dev, words.Take(pathArgCount)));
            }
            groups.Add(new MultipathTableGroup(selector, selectorArgs, paths));
        }
        words.End();
        return new MultipathTable(features, handler, initial, groups);
    }

    /// <summary>The table parameter string in the kernel's form (what Parse reads back).</summary>
    public string Format()
    {
        var parts = new List<string> { FeaturesText, HardwareHandlerText, Groups.Count.ToString(CultureInfo.InvariantCulture), InitialGroup.ToString(CultureInfo.InvariantCulture) };
        foreach (var g in Groups)
        {
            parts.Add(g.Selector);
            parts.Add(CountPrefixed(g.SelectorArguments));
            var pathArgs = g.Paths.Count > 0 ? g.Paths[0].Arguments.Count : 0;
            parts.Add($"{g.Paths.Count} {pathArgs}");
            parts.AddRange(g.Paths.Select(p => p.Arguments.Count == 0 ? p.Device : $"{p.Device} {string.Join(' ', p.Arguments)}"));
        }
        return string.Join(' ', parts);
    }

    internal static string CountPrefixed(IReadOnlyList<string> words) =>
        words.Count == 0 ? "0" : $"{words.Count} {string.Join(' ', words)}";
}

/// <summary>Reads space-separated words of a dm table or status line, with errors that say where parsing stopped.</summary>
internal sealed class WordReader(string text, string what)
{
    private readonly string[] _words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    private int _next;

    public string Next() => _next < _words.Length
        ? _words[_next++]
        : throw new FormatException($"{what}: ends after {_words.Length} words, expected more: '{text}'");

    public int Int()
    {
        var word = Next();
        return int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{what}: word {_next} '{word}' should be a count: '{text}'");
    }

    public List<string> Take(int count)
    {
        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Next());
        }
        return list;
    }

    public List<string> CountedList() => Take(Int());

    public void End()
    {
        if (_next != _words.Length)
        {
            throw new FormatException($"{what}: {_words.Length - _next} unexpected trailing words: '{text}'");
        }
    }
}
