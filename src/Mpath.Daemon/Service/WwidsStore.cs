using Mpath.Core.Topology.Naming;
using Mpath.Linux.StateFiles;

namespace Mpath.Daemon.Service;

/// <summary>
/// The wwids file as the daemon uses it: read for every find_multipaths decision (an operator's <c>multipath -a</c>
/// counts at once), and a WWID added for every map the daemon sets up, as multipathd does.
/// </summary>
public interface IWwidsStore
{
    /// <summary>The WWIDs now; throws IOException or UnauthorizedAccessException when the file cannot be read.</summary>
    WwidsFile Read();

    /// <summary>Adds the WWIDs not present yet and returns them; throws IOException or UnauthorizedAccessException.</summary>
    IReadOnlyList<string> Remember(IReadOnlyCollection<string> wwids);
}

/// <summary>The wwids file on disk (<c>/etc/multipath/wwids</c>), replaced atomically on each change.</summary>
public sealed class WwidsFileStore(string path) : IWwidsStore
{
    public const string DefaultPath = "/etc/multipath/wwids";

    public string Path { get; } = path;

    public WwidsFile Read() => WwidsFile.Parse(StateFile.ReadOptional(Path));

    /// <summary>One read and at most one write however many maps were set up (a daemon start may set up thousands).</summary>
    public IReadOnlyList<string> Remember(IReadOnlyCollection<string> wwids)
    {
        var file = Read();
        var added = wwids.Where(w => !file.Contains(w)).Distinct(StringComparer.Ordinal).ToList();
        if (added.Count > 0) StateFile.WriteAtomically(Path, added.Aggregate(file, (f, w) => f.Add(w)).Format());
        return added;
    }
}

/// <summary>A wwids file kept in memory only: for tests, and the default of a path manager not given the real file.</summary>
public sealed class InMemoryWwidsStore(WwidsFile? initial = null) : IWwidsStore
{
    public WwidsFile Current { get; private set; } = initial ?? WwidsFile.Empty;

    public WwidsFile Read() => Current;

    public IReadOnlyList<string> Remember(IReadOnlyCollection<string> wwids)
    {
        var added = wwids.Where(w => !Current.Contains(w)).Distinct(StringComparer.Ordinal).ToList();
        Current = added.Aggregate(Current, (f, w) => f.Add(w));
        return added;
    }
}
