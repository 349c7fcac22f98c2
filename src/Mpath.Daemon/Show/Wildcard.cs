namespace Mpath.Daemon.Show;

/// <summary>One format wildcard: <c>%Letter</c> prints <see cref="Render"/> of the item under the column <see cref="Header"/>.</summary>
public sealed record Wildcard<T>(char Letter, string Header, Func<T, string> Render);

/// <summary>The wildcards of one kind of item, in multipathd's order (the order <c>show wildcards</c> lists them).</summary>
public sealed class WildcardTable<T>
{
    private readonly Dictionary<char, int> _index = [];

    public WildcardTable(IReadOnlyList<Wildcard<T>> wildcards)
    {
        Wildcards = wildcards;
        for (var i = 0; i < wildcards.Count; i++) _index.TryAdd(wildcards[i].Letter, i);
    }

    public IReadOnlyList<Wildcard<T>> Wildcards { get; }

    /// <summary>Position of the wildcard in the table, or -1 for a letter multipathd does not know.</summary>
    public int IndexOf(char letter) => _index.TryGetValue(letter, out var i) ? i : -1;
}
