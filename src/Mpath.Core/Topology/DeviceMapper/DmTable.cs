using System.Globalization;
using System.Text;

namespace Mpath.Core.Topology.DeviceMapper;

/// <summary>One path in a dm-multipath table: its major:minor and its path-selector arguments.</summary>
public sealed record DmTablePath(string Device, IReadOnlyList<string> Arguments);

/// <summary>One priority group in a dm-multipath table.</summary>
public sealed record DmTableGroup(string Selector, IReadOnlyList<string> SelectorArguments, int PathArgumentCount, IReadOnlyList<DmTablePath> Paths);

/// <summary>
/// A dm-multipath table's parameters:
/// <c>&lt;#features&gt; &lt;features..&gt; &lt;#hwh args&gt; &lt;hwh..&gt; &lt;#groups&gt; &lt;initial group&gt;
/// { &lt;selector&gt; &lt;#sel args&gt; &lt;sel args..&gt; &lt;#paths&gt; &lt;#path args&gt; { &lt;dev&gt; &lt;path args..&gt; } }</c>.
/// Lists compare by reference in records; compare tables by <see cref="Format"/>.
/// </summary>
public sealed record DmTable(IReadOnlyList<string> Features, IReadOnlyList<string> HardwareHandler, int InitialGroup, IReadOnlyList<DmTableGroup> Groups)
{
    public string Format()
    {
        var text = new StringBuilder();
        text.Append(DmWordList.Format(Features)).Append(' ');
        text.Append(DmWordList.Format(HardwareHandler)).Append(' ');
        text.Append(Groups.Count.ToString(CultureInfo.InvariantCulture)).Append(' ');
        text.Append(InitialGroup.ToString(CultureInfo.InvariantCulture));
        foreach (var group in Groups)
        {
            text.Append(' ').Append(group.Selector).Append(' ').Append(group.SelectorArguments.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var argument in group.SelectorArguments)
                text.Append(' ').Append(argument);
            text.Append(' ').Append(group.Paths.Count.ToString(CultureInfo.InvariantCulture));
            text.Append(' ').Append(group.PathArgumentCount.ToString(CultureInfo.InvariantCulture));
            foreach (var path in group.Paths)
            {
                text.Append(' ').Append(path.Device);
                foreach (var argument in path.Arguments)
                    text.Append(' ').Append(argument);
            }
        }
        return text.ToString();
    }

    public override string ToString() => Format();

    /// <summary>
    /// Parses table parameters, either as loaded or as <c>dmsetup table</c> echoes them (the
    /// latter optionally still prefixed by <c>&lt;start&gt; &lt;length&gt; multipath</c>).
    /// Never throws; malformed text gives an error naming the position.
    /// </summary>
    public static ParseResult<DmTable> Parse(string? text)
    {
        var reader = new WordReader(StripTargetPrefix(text ?? ""));
        if (!reader.TryCount(out var featureCount) || !reader.TryWords(featureCount, out var features))
            return ParseResult.Fail<DmTable>($"bad feature list at {reader.Position}");
        if (!reader.TryCount(out var handlerCount) || !reader.TryWords(handlerCount, out var handler))
            return ParseResult.Fail<DmTable>($"bad hardware handler list at {reader.Position}");
        if (!reader.TryCount(out var groupCount))
            return ParseResult.Fail<DmTable>($"bad group count at {reader.Position}");
        if (!reader.TryNumber(out var initialGroup) || initialGroup > groupCount)
            return ParseResult.Fail<DmTable>($"bad initial group at {reader.Position}");
        var groups = new List<DmTableGroup>();
        for (var g = 0; g < groupCount; g++)
        {
            if (!reader.TryWord(out var selector))
                return ParseResult.Fail<DmTable>($"group {g + 1}: missing path selector at {reader.Position}");
            if (!reader.TryCount(out var selectorArgCount) || !reader.TryWords(selectorArgCount, out var selectorArgs))
                return ParseResult.Fail<DmTable>($"group {g + 1}: bad selector arguments at {reader.Position}");
            if (!reader.TryCount(out var pathCount))
                return ParseResult.Fail<DmTable>($"group {g + 1}: bad path count at {reader.Position}");
            if (!reader.TryCount(out var pathArgCount))
                return ParseResult.Fail<DmTable>($"group {g + 1}: bad path argument count at {reader.Position}");
            var paths = new List<DmTablePath>();
            for (var p = 0; p < pathCount; p++)
            {
                if (!reader.TryWord(out var device) || !reader.TryWords(pathArgCount, out var pathArgs))
                    return ParseResult.Fail<DmTable>($"group {g + 1} path {p + 1}: truncated at {reader.Position}");
                paths.Add(new DmTablePath(device, pathArgs));
            }
            groups.Add(new DmTableGroup(selector, selectorArgs, pathArgCount, paths));
        }
        if (reader.Remaining > 0)
            return ParseResult.Fail<DmTable>($"unexpected words after the last group at {reader.Position}");
        return ParseResult.Ok(new DmTable(features, handler, initialGroup, groups));
    }

    private static string StripTargetPrefix(string text)
    {
        var words = text.Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 3 && words[2] == "multipath" && ulong.TryParse(words[0], CultureInfo.InvariantCulture, out _) && ulong.TryParse(words[1], CultureInfo.InvariantCulture, out _))
            return words.Length == 4 ? words[3] : "";
        return text;
    }
}
