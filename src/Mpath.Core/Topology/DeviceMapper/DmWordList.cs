using System.Globalization;

namespace Mpath.Core.Topology.DeviceMapper;

/// <summary>
/// The counted word lists dm-multipath uses for features and hardware handler
/// (<c>2 pg_init_retries 50</c>, <c>1 alua</c>, <c>0</c>), as multipath.conf also writes them.
/// </summary>
public static class DmWordList
{
    /// <summary>
    /// The words of a counted list. Lenient like multipath-tools: a missing or wrong count is
    /// recomputed from the words present rather than rejected.
    /// </summary>
    public static IReadOnlyList<string> Parse(string? text)
    {
        var words = (text ?? "").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return [];
        return int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? words[1..] : words;
    }

    public static string Format(IReadOnlyList<string> words) =>
        words.Count == 0 ? "0" : words.Count.ToString(CultureInfo.InvariantCulture) + " " + string.Join(' ', words);

    /// <summary>The words with every occurrence of a one-word feature removed.</summary>
    public static IReadOnlyList<string> Without(IReadOnlyList<string> words, string feature) =>
        words.Where(w => w != feature).ToList();
}
