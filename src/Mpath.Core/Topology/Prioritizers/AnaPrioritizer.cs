using Mpath.Core.Model;

namespace Mpath.Core.Topology.Prioritizers;

/// <summary>
/// The <c>ana</c> prioritizer for NVMe Asymmetric Namespace Access, modelled on alua:
/// optimized 50, non-optimized 10, inaccessible and change 1, persistent loss 0.
/// ProbeData <c>ana</c>: the sysfs <c>ana_state</c> text or the numeric state.
/// </summary>
public static class AnaPrioritizer
{
    public const string Key = "ana";

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        if (!path.ProbeData.TryGetValue(Key, out var state))
            return PriorityResult.Failed("no ANA state");
        return state.Trim() switch
        {
            "optimized" or "1" => PriorityResult.Of(50),
            "non-optimized" or "2" => PriorityResult.Of(10),
            "inaccessible" or "3" or "change" or "15" => PriorityResult.Of(1),
            "persistent-loss" or "4" => PriorityResult.Of(0),
            var other => PriorityResult.Failed($"invalid ANA state '{other}'"),
        };
    }
}
