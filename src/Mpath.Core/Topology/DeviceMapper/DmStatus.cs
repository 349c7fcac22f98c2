using Mpath.Core.Model;

namespace Mpath.Core.Topology.DeviceMapper;

/// <summary>A priority group's state in the kernel: <c>A</c>ctive (current), <c>E</c>nabled, <c>D</c>isabled (bypassed).</summary>
public enum DmGroupState
{
    Active,
    Enabled,
    Disabled,
}

public sealed record DmPathStatus(string Device, DmPathState State, int FailCount, IReadOnlyList<string> SelectorWords);

public sealed record DmGroupStatus(DmGroupState State, IReadOnlyList<string> SelectorWords, int SelectorPathWordCount, IReadOnlyList<DmPathStatus> Paths);

/// <summary>
/// A dm-multipath status line (<c>dmsetup status</c>):
/// <c>&lt;#feature words&gt; &lt;queue_io&gt; &lt;pg_init_count&gt; &lt;#hwh words&gt; .. &lt;#groups&gt; &lt;next group&gt;</c>
/// then per group <c>A|E|D &lt;#sel words&gt; .. &lt;#paths&gt; &lt;#sel path words&gt;</c> and per path
/// <c>&lt;dev&gt; A|F &lt;fail count&gt; &lt;sel path words..&gt;</c>.
/// </summary>
public sealed record DmStatus(
    IReadOnlyList<string> FeatureWords,
    IReadOnlyList<string> HardwareHandlerWords,
    int NextGroup,
    IReadOnlyList<DmGroupStatus> Groups,
    IReadOnlyList<string> TrailingWords)
{
    /// <summary>Whether the kernel is queueing I/O right now for lack of a usable path (the first feature word), when reported.</summary>
    public bool? QueueingIo => FeatureWords.Count > 0 && int.TryParse(FeatureWords[0], System.Globalization.CultureInfo.InvariantCulture, out var v) ? v != 0 : null;

    /// <summary>How many times the hardware handler initialised a group (the second feature word), when reported.</summary>
    public int? PgInitCount => FeatureWords.Count > 1 && int.TryParse(FeatureWords[1], System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Parses a status line; never throws. Words after the last group are kept in <see cref="TrailingWords"/>.</summary>
    public static ParseResult<DmStatus> Parse(string? text)
    {
        var reader = new WordReader(text ?? "");
        if (!reader.TryCount(out var featureCount) || !reader.TryWords(featureCount, out var features))
            return ParseResult.Fail<DmStatus>($"bad feature status at {reader.Position}");
        if (!reader.TryCount(out var handlerCount) || !reader.TryWords(handlerCount, out var handler))
            return ParseResult.Fail<DmStatus>($"bad hardware handler status at {reader.Position}");
        if (!reader.TryCount(out var groupCount))
            return ParseResult.Fail<DmStatus>($"bad group count at {reader.Position}");
        if (!reader.TryNumber(out var nextGroup))
            return ParseResult.Fail<DmStatus>($"bad next group at {reader.Position}");
        var groups = new List<DmGroupStatus>();
        for (var g = 0; g < groupCount; g++)
        {
            if (!reader.TryWord(out var stateWord) || !TryGroupState(stateWord, out var state))
                return ParseResult.Fail<DmStatus>($"group {g + 1}: bad group state at {reader.Position}");
            if (!reader.TryCount(out var selectorCount) || !reader.TryWords(selectorCount, out var selectorWords))
                return ParseResult.Fail<DmStatus>($"group {g + 1}: bad selector status at {reader.Position}");
            if (!reader.TryCount(out var pathCount) || !reader.TryCount(out var pathWordCount))
                return ParseResult.Fail<DmStatus>($"group {g + 1}: bad path counts at {reader.Position}");
            var paths = new List<DmPathStatus>();
            for (var p = 0; p < pathCount; p++)
            {
                if (!reader.TryWord(out var device))
                    return ParseResult.Fail<DmStatus>($"group {g + 1} path {p + 1}: missing device at {reader.Position}");
                if (!reader.TryWord(out var pathStateWord) || !TryPathState(pathStateWord, out var pathState))
                    return ParseResult.Fail<DmStatus>($"group {g + 1} path {p + 1}: bad path state at {reader.Position}");
                if (!reader.TryNumber(out var failCount) || !reader.TryWords(pathWordCount, out var pathWords))
                    return ParseResult.Fail<DmStatus>($"group {g + 1} path {p + 1}: truncated at {reader.Position}");
                paths.Add(new DmPathStatus(device, pathState, failCount, pathWords));
            }
            groups.Add(new DmGroupStatus(state, selectorWords, pathWordCount, paths));
        }
        return ParseResult.Ok(new DmStatus(features, handler, nextGroup, groups, reader.Rest()));
    }

    private static bool TryGroupState(string word, out DmGroupState state)
    {
        (var known, state) = word switch
        {
            "A" => (true, DmGroupState.Active),
            "E" => (true, DmGroupState.Enabled),
            "D" => (true, DmGroupState.Disabled),
            _ => (false, default),
        };
        return known;
    }

    private static bool TryPathState(string word, out DmPathState state)
    {
        (var known, state) = word switch
        {
            "A" => (true, DmPathState.Active),
            "F" => (true, DmPathState.Failed),
            _ => (false, DmPathState.Undefined),
        };
        return known;
    }
}
