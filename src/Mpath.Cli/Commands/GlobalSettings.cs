using Mpath.Core.Config.Sections;
using Mpath.Core.Topology.Naming;

namespace Mpath.Cli.Commands;

/// <summary>The host-wide settings the one-shot commands read before any device is known.</summary>
internal static class GlobalSettings
{
    /// <summary>A global setting: overrides, then defaults (per-device entries are not consulted).</summary>
    public static string? Setting(MultipathConfig config, string keyword) =>
        config.Overrides[keyword]?.Value ?? config.Defaults[keyword]?.Value;

    /// <summary>find_multipaths; values are validated at load, and strict is multipath-tools' built-in default.</summary>
    public static FindMultipathsMode FindMultipaths(MultipathConfig config) =>
        Core.Topology.Naming.FindMultipaths.TryParse(Setting(config, "find_multipaths") ?? "strict", out var mode) ? mode : FindMultipathsMode.Strict;

    public static string UidAttribute(MultipathConfig config) => Setting(config, "uid_attribute") ?? "ID_SERIAL";
}
