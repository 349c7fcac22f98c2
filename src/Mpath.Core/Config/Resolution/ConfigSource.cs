namespace Mpath.Core.Config.Resolution;

/// <summary>Where a resolved value came from, highest precedence first.</summary>
public enum ConfigSource
{
    Multipaths,
    Overrides,
    /// <summary>A user <c>devices/device</c> entry.</summary>
    Devices,
    /// <summary>The compiled-in hardware table.</summary>
    Hwtable,
    /// <summary>The user's <c>defaults</c> section.</summary>
    Defaults,
    /// <summary>The compiled-in default.</summary>
    Builtin,
}

public static class ConfigSources
{
    /// <summary>The lower-case name used by explain: multipaths|overrides|devices|hwtable|defaults|builtin.</summary>
    public static string Name(this ConfigSource source) => source switch
    {
        ConfigSource.Multipaths => "multipaths",
        ConfigSource.Overrides => "overrides",
        ConfigSource.Devices => "devices",
        ConfigSource.Hwtable => "hwtable",
        ConfigSource.Defaults => "defaults",
        _ => "builtin",
    };
}

/// <summary>A resolved attribute: canonical value text (as multipath.conf prints it, without quotes; empty when unset) and its source.</summary>
public readonly record struct ResolvedValue(string Value, ConfigSource Source, bool IsSet = true);

/// <summary>What a path looks like to the resolver: INQUIRY strings and transport protocol.</summary>
public sealed record PathIdentity(string Vendor, string Product, string Revision = "", string Protocol = "scsi:unspec");
