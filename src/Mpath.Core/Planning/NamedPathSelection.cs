namespace Mpath.Core.Planning;

/// <summary>The paths <c>mpath apply DEV|WWID ...</c> works on, and the arguments that named nothing.</summary>
public sealed record NamedPathSelectionResult(IReadOnlyList<DescribedPath> Paths, IReadOnlyList<string> Unmatched);

/// <summary>
/// Like <c>multipath DEV</c>: an argument names a path device (<c>sda</c>, <c>/dev/sda</c>, or its
/// <c>major:minor</c>) or a WWID, and selects every path of that WWID, so the whole map is built.
/// </summary>
public static class NamedPathSelection
{
    public static NamedPathSelectionResult Select(IReadOnlyList<DescribedPath> paths, IReadOnlyList<string> arguments)
    {
        var wwids = new HashSet<string>(StringComparer.Ordinal);
        var unmatched = new List<string>();
        foreach (var argument in arguments)
        {
            var dev = argument.StartsWith("/dev/", StringComparison.Ordinal) ? argument[5..] : argument;
            var named = paths.Where(p => p.Path.Dev == dev || p.Path.DevT == argument || p.Path.Wwid == argument)
                .Select(p => p.Path.Wwid).Where(w => w.Length > 0).ToList();
            if (named.Count == 0)
                unmatched.Add(argument);
            wwids.UnionWith(named);
        }
        return new NamedPathSelectionResult(paths.Where(p => wwids.Contains(p.Path.Wwid)).ToList(), unmatched);
    }
}
