using Mpath.Core.Model;

namespace Mpath.Core.Topology.Prioritizers;

/// <summary>
/// The <c>alua</c> prioritizer: a priority from the target port group's asymmetric access state
/// (RTPG), plus 80 when the preferred (PREF) bit is set - for an active/optimized group only with
/// the <c>exclusive_pref_bit</c> argument, so that by default the bit just breaks ties between
/// otherwise equal non-optimized groups.
/// </summary>
public static class AluaPrioritizer
{
    public const int Optimized = 50;
    public const int NonOptimized = 10;
    public const int LbaDependent = 5;
    public const int Standby = 1;
    public const int PreferredBonus = 80;

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        if (path.Alua is null)
        {
            // multipath-tools falls back to the const prioritizer when the device reports no TPGS support.
            return new PriorityResult(ConstPrioritizer.Value, "no ALUA information; const fallback");
        }
        return PriorityResult.Of(FromState(path.Alua.State, path.Alua.Preferred, HasExclusivePrefBit(input.Args)));
    }

    public static int FromState(AluaAccessState state, bool preferred, bool exclusivePrefBit)
    {
        var priority = state switch
        {
            AluaAccessState.ActiveOptimized => Optimized,
            AluaAccessState.ActiveNonOptimized => NonOptimized,
            AluaAccessState.LbaDependent => LbaDependent,
            AluaAccessState.Standby => Standby,
            _ => 0,
        };
        if (preferred && (state != AluaAccessState.ActiveOptimized || exclusivePrefBit))
            priority += PreferredBonus;
        return priority;
    }

    /// <summary>True when <c>exclusive_pref_bit</c> appears in the arguments as a whole word.</summary>
    public static bool HasExclusivePrefBit(string args) =>
        args.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Contains("exclusive_pref_bit");
}
