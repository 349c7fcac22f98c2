using System.Reflection;

namespace Mpath.Cli.DropIn;

/// <summary>The version line the drop-in names print: what is really running and whose behaviour it follows.</summary>
internal static class VersionText
{
    public const string MatchedRelease = "multipath-tools 0.14";

    public static string MpathVersion
    {
        get
        {
            var version = typeof(VersionText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    /// <summary>e.g. "multipathd: mpath 0.1.0, a drop-in for multipath-tools 0.14 multipathd (not multipath-tools itself)".</summary>
    public static string For(string program) =>
        $"{program}: mpath {MpathVersion}, a drop-in for {MatchedRelease} {program} (not multipath-tools itself; see mpath(8))";
}
