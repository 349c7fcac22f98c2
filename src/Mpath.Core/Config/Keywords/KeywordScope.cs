namespace Mpath.Core.Config.Keywords;

/// <summary>The (sub)sections in which a keyword may appear.</summary>
[Flags]
public enum KeywordScope
{
    None = 0,
    Defaults = 1,
    /// <summary><c>devices { device { } }</c></summary>
    Device = 2,
    Overrides = 4,
    /// <summary><c>multipaths { multipath { } }</c></summary>
    Multipath = 8,
    /// <summary><c>overrides { protocol { } }</c></summary>
    Protocol = 16,
    /// <summary><c>blacklist</c> and <c>blacklist_exceptions</c> directly.</summary>
    BlacklistSection = 32,
    /// <summary><c>blacklist { device { } }</c> and the same under exceptions.</summary>
    BlacklistDevice = 64,

    /// <summary>Per-map attributes valid everywhere a map can be configured.</summary>
    MapLevel = Defaults | Device | Overrides | Multipath,
    /// <summary>Per-path attributes: not in multipaths.</summary>
    PathLevel = Defaults | Device | Overrides,
}

public static class KeywordScopes
{
    /// <summary>The section name as the configuration file spells it, for messages.</summary>
    public static string SectionName(this KeywordScope scope) => scope switch
    {
        KeywordScope.Defaults => "defaults",
        KeywordScope.Device => "devices/device",
        KeywordScope.Overrides => "overrides",
        KeywordScope.Multipath => "multipaths/multipath",
        KeywordScope.Protocol => "overrides/protocol",
        KeywordScope.BlacklistSection => "blacklist",
        KeywordScope.BlacklistDevice => "blacklist/device",
        _ => scope.ToString(),
    };

    public static string SectionList(this KeywordScope scopes) =>
        string.Join(", ", Enum.GetValues<KeywordScope>()
            .Where(s => s is not (KeywordScope.None or KeywordScope.MapLevel or KeywordScope.PathLevel) && scopes.HasFlag(s))
            .Select(s => s.SectionName()));
}
