using System.Globalization;
using Mpath.Core.Topology.Naming;

namespace Mpath.Core.Config.Sections;

/// <summary>The host-wide settings read before any device is known (one-shot commands and the daemon).</summary>
public static class GlobalSettings
{
    /// <summary>The built-in find_multipaths_timeout when the setting is 0 (multipath.conf(5): 10 seconds).</summary>
    public static readonly TimeSpan DefaultFindMultipathsTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A global setting: overrides, then defaults (per-device entries are not consulted).</summary>
    public static string? Setting(MultipathConfig config, string keyword) =>
        config.Overrides[keyword]?.Value ?? config.Defaults[keyword]?.Value;

    /// <summary>find_multipaths; values are validated at load, and strict is multipath-tools' built-in default.</summary>
    public static FindMultipathsMode FindMultipaths(MultipathConfig config) =>
        Topology.Naming.FindMultipaths.TryParse(Setting(config, "find_multipaths") ?? "strict", out var mode) ? mode : FindMultipathsMode.Strict;

    /// <summary>
    /// How long find_multipaths smart holds a lone path. multipath-tools applies a negative value only to known
    /// hardware (others get 1 s); mpath keeps it simple and uses the absolute value for every device, and 0 (or an
    /// unset value, -10) means 10 seconds.
    /// </summary>
    public static TimeSpan FindMultipathsTimeout(MultipathConfig config)
    {
        var seconds = int.TryParse(Setting(config, "find_multipaths_timeout"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? Math.Abs((long)value)
            : 0;
        return seconds == 0 ? DefaultFindMultipathsTimeout : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>max_fds: the open file limit the daemon sets; null for "max" (the system's nr_open), the built-in default.</summary>
    public static long? MaxFds(MultipathConfig config) =>
        long.TryParse(Setting(config, "max_fds"), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    public static string UidAttribute(MultipathConfig config) => Setting(config, "uid_attribute") ?? "ID_SERIAL";
}
