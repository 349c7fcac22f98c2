using Mpath.Daemon.State;

namespace Mpath.Daemon.Show;

/// <summary>The path group wildcards multipathd uses in its topology and JSON layouts.</summary>
public static class GroupWildcards
{
    public static WildcardTable<GroupSnapshot> Table { get; } = new(
    [
        new('s', "selector", g => g.Selector),
        new('p', "pri", g => FieldValueText.Number(g.Priority)),
        new('t', "dm_st", g => g.State switch
        {
            PathGroupState.Enabled => "enabled",
            PathGroupState.Disabled => "disabled",
            PathGroupState.Active => "active",
            _ => "undef",
        }),
        new('M', "marginal_st", g => g.Marginal ? "marginal" : "normal"),
    ]);
}
