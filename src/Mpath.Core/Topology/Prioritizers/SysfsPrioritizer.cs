using Mpath.Core.Model;

namespace Mpath.Core.Topology.Prioritizers;

/// <summary>
/// The <c>sysfs</c> prioritizer: the same numbers as alua, read from the kernel's
/// <c>access_state</c> and <c>preferred_path</c> attributes instead of sending RTPG.
/// ProbeData: <c>sysfs</c> = access_state text, <c>sysfs.preferred</c> = preferred_path text.
/// </summary>
public static class SysfsPrioritizer
{
    public const string AccessStateKey = "sysfs";
    public const string PreferredKey = "sysfs.preferred";

    private static readonly (string Prefix, int Priority)[] StatePriorities =
    [
        ("active/optimized", AluaPrioritizer.Optimized),
        ("active/non-optimized", AluaPrioritizer.NonOptimized),
        ("lba-dependent", AluaPrioritizer.LbaDependent),
        ("standby", AluaPrioritizer.Standby),
    ];

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        if (!path.ProbeData.TryGetValue(AccessStateKey, out var state))
            return PriorityResult.Failed("no access_state attribute");
        var priority = 0;
        foreach (var (prefix, value) in StatePriorities)
        {
            if (state.StartsWith(prefix, StringComparison.Ordinal))
            {
                priority = value;
                break;
            }
        }
        var preferred = path.ProbeData.TryGetValue(PreferredKey, out var pref) && IsNonZeroNumber(pref);
        if (preferred && (priority != AluaPrioritizer.Optimized || AluaPrioritizer.HasExclusivePrefBit(input.Args)))
            priority += AluaPrioritizer.PreferredBonus;
        return PriorityResult.Of(priority);
    }

    private static bool IsNonZeroNumber(string text) =>
        ulong.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n != 0;
}
