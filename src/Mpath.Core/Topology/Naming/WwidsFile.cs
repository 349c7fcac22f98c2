using System.Text;

namespace Mpath.Core.Topology.Naming;

/// <summary>
/// <c>/etc/multipath/wwids</c>: the WWIDs that have been multipathed before, one
/// <c>/wwid/</c> per line; other lines are comments or ignored. Immutable.
/// </summary>
public sealed class WwidsFile
{
    public const string Header =
        "# Multipath wwids, Version : 1.0\n" +
        "# NOTE: This file is automatically maintained by multipath and multipathd.\n" +
        "# You should not need to edit this file in normal circumstances.\n" +
        "#\n" +
        "# Valid WWIDs:\n";

    private readonly List<string> _wwids;
    private readonly HashSet<string> _set;

    private WwidsFile(List<string> wwids, IReadOnlyList<FileLineIssue> issues)
    {
        _wwids = wwids;
        _set = new HashSet<string>(wwids, StringComparer.Ordinal);
        Issues = issues;
    }

    public static WwidsFile Empty { get; } = new([], []);

    public IReadOnlyList<string> Wwids => _wwids;

    public IReadOnlyList<FileLineIssue> Issues { get; }

    /// <summary>
    /// A line counts when its first character is <c>/</c> and a second <c>/</c> closes the WWID
    /// (text after it is ignored). Comment and blank lines are skipped silently; other lines and
    /// unterminated entries are reported and skipped.
    /// </summary>
    public static WwidsFile Parse(string? text)
    {
        var wwids = new List<string>();
        var issues = new List<FileLineIssue>();
        var lines = (text ?? "").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (line[0] != '/')
            {
                issues.Add(new(n + 1, "line does not start with '/'", true));
                continue;
            }
            var close = line.IndexOf('/', 1);
            if (close < 0)
            {
                issues.Add(new(n + 1, "WWID not terminated by '/'", true));
                continue;
            }
            var wwid = line[1..close];
            if (wwid.Length == 0 || wwid.Length > BindingsFile.MaxWwidLength)
            {
                issues.Add(new(n + 1, wwid.Length == 0 ? "empty WWID" : "WWID too long", true));
                continue;
            }
            if (!wwids.Contains(wwid))
                wwids.Add(wwid);
        }
        return new WwidsFile(wwids, issues);
    }

    public bool Contains(string wwid) => _set.Contains(wwid);

    /// <summary>A copy with <paramref name="wwid"/> added at the end (unchanged when already present).</summary>
    public WwidsFile Add(string wwid)
    {
        if (wwid.Length == 0 || wwid.Contains('/', StringComparison.Ordinal))
            throw new ArgumentException("a WWID cannot be empty or contain '/'", nameof(wwid));
        return Contains(wwid) ? this : new WwidsFile([.. _wwids, wwid], Issues);
    }

    public WwidsFile Remove(string wwid) => Contains(wwid) ? new WwidsFile(_wwids.Where(w => w != wwid).ToList(), Issues) : this;

    public string Format()
    {
        var text = new StringBuilder(Header);
        foreach (var wwid in _wwids)
            text.Append('/').Append(wwid).Append("/\n");
        return text.ToString();
    }
}
