using System.Text;

namespace Mpath.Core.Topology.Naming;

public sealed record Binding(string Alias, string Wwid);

/// <summary>A problem found in a bindings or wwids file line; the line is skipped (or kept, when only a warning).</summary>
public sealed record FileLineIssue(int Line, string Message, bool Discarded);

/// <summary>
/// <c>/etc/multipath/bindings</c>: <c>alias wwid</c> lines, <c>#</c> comments. Kept sorted by
/// alias (see <see cref="UserFriendlyName.CompareAliases"/>) as multipath-tools keeps it, which
/// makes the lowest unused name easy to find. Immutable: changes return a new instance.
/// </summary>
public sealed class BindingsFile
{
    public const string Header =
        "# Multipath bindings, Version : 1.0\n" +
        "# NOTE: this file is automatically maintained by the multipath program.\n" +
        "# You should not need to edit this file in normal circumstances.\n" +
        "#\n" +
        "# Format:\n" +
        "# alias wwid\n" +
        "#\n";

    /// <summary>Longest WWID multipath-tools stores (WWID_SIZE - 1).</summary>
    public const int MaxWwidLength = 127;

    private readonly List<Binding> _bindings;

    private BindingsFile(List<Binding> bindings, IReadOnlyList<FileLineIssue> issues)
    {
        _bindings = bindings;
        Issues = issues;
    }

    public static BindingsFile Empty { get; } = new([], []);

    public IReadOnlyList<Binding> Bindings => _bindings;

    /// <summary>Damaged or conflicting lines found while parsing.</summary>
    public IReadOnlyList<FileLineIssue> Issues { get; }

    /// <summary>
    /// Parses the file text, keeping every good line. Lines without a WWID, with an over-long
    /// WWID, with an alias already bound to another WWID, or (given
    /// <paramref name="configuredWwidForAlias"/>) an alias the multipaths section gives to
    /// another WWID are discarded and reported; extra words and duplicates are reported only.
    /// </summary>
    public static BindingsFile Parse(string? text, Func<string, string?>? configuredWwidForAlias = null)
    {
        var bindings = new List<Binding>();
        var issues = new List<FileLineIssue>();
        var lines = (text ?? "").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var lineNumber = n + 1;
            var line = lines[n];
            var cut = line.IndexOfAny(['#', '\r']);
            if (cut >= 0)
                line = line[..cut];
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
                continue;
            if (words.Length == 1)
            {
                issues.Add(new(lineNumber, $"missing WWID for alias '{words[0]}'", true));
                continue;
            }
            var (alias, wwid) = (words[0], words[1]);
            if (wwid.Length > MaxWwidLength)
            {
                issues.Add(new(lineNumber, "WWID too long", true));
                continue;
            }
            if (words.Length > 2)
                issues.Add(new(lineNumber, $"extra words \"{words[2]}\" ignored", false));
            var configured = configuredWwidForAlias?.Invoke(alias);
            if (configured is not null && configured != wwid)
            {
                issues.Add(new(lineNumber, $"alias '{alias}' for WWID {wwid} conflicts with the multipaths entry for {configured}", true));
                continue;
            }
            var index = FindAlias(bindings, alias);
            if (index >= 0)
            {
                issues.Add(bindings[index].Wwid == wwid
                    ? new(lineNumber, $"duplicate line for alias '{alias}'", false)
                    : new(lineNumber, $"alias '{alias}' already bound to {bindings[index].Wwid}; binding to {wwid} discarded", true));
                continue;
            }
            Insert(bindings, new Binding(alias, wwid));
        }
        return new BindingsFile(bindings, issues);
    }

    /// <summary>The file text: the standard header, then one sorted <c>alias wwid</c> line per binding.</summary>
    public string Format()
    {
        var text = new StringBuilder(Header);
        foreach (var binding in _bindings)
            text.Append(binding.Alias).Append(' ').Append(binding.Wwid).Append('\n');
        return text.ToString();
    }

    public Binding? ForWwid(string wwid) => _bindings.Find(b => b.Wwid == wwid);

    public Binding? ForAlias(string alias)
    {
        var index = FindAlias(_bindings, alias);
        return index >= 0 ? _bindings[index] : null;
    }

    /// <summary>A copy with one more binding; the alias must be free.</summary>
    public BindingsFile With(string alias, string wwid)
    {
        if (FindAlias(_bindings, alias) >= 0)
            throw new InvalidOperationException($"alias '{alias}' is already bound");
        var bindings = new List<Binding>(_bindings);
        Insert(bindings, new Binding(alias, wwid));
        return new BindingsFile(bindings, Issues);
    }

    /// <summary>A copy without the binding of <paramref name="wwid"/>.</summary>
    public BindingsFile Without(string wwid) => new(_bindings.Where(b => b.Wwid != wwid).ToList(), Issues);

    /// <summary>
    /// The lowest id whose name is neither bound nor taken by an existing map of another WWID
    /// (<paramref name="isTaken"/>), so gaps left by removed bindings are reused first; -1 when
    /// every id is used.
    /// </summary>
    public int FreeId(string prefix, Func<string, bool>? isTaken = null)
    {
        var used = new HashSet<int>();
        foreach (var binding in _bindings)
        {
            var id = UserFriendlyName.Scan(binding.Alias, prefix);
            if (id > 0)
                used.Add(id);
        }
        for (var id = 1; id > 0; id++)
        {
            if (!used.Contains(id) && !(isTaken?.Invoke(UserFriendlyName.Format(prefix, id)) ?? false))
                return id;
        }
        return -1;
    }

    private static int FindAlias(List<Binding> bindings, string alias)
    {
        var index = bindings.BinarySearch(new Binding(alias, ""), AliasOrder.Instance);
        return index >= 0 ? index : -1;
    }

    private static void Insert(List<Binding> bindings, Binding binding)
    {
        var index = bindings.BinarySearch(binding, AliasOrder.Instance);
        bindings.Insert(index >= 0 ? index : ~index, binding);
    }

    private sealed class AliasOrder : IComparer<Binding>
    {
        public static AliasOrder Instance { get; } = new();

        public int Compare(Binding? x, Binding? y) => UserFriendlyName.CompareAliases(x?.Alias, y?.Alias);
    }
}
