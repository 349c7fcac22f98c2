using Mpath.Core.Model;

namespace Mpath.Core.Topology.Prioritizers;

/// <summary>The <c>const</c> prioritizer: every path gets 1.</summary>
public static class ConstPrioritizer
{
    public const int Value = 1;

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input) => PriorityResult.Of(Value);
}

/// <summary>The <c>random</c> prioritizer: 1..10, drawn from the caller's random source so runs are reproducible.</summary>
public static class RandomPrioritizer
{
    public static PriorityResult Compute(PathInfo path, PrioritizerInput input) => PriorityResult.Of(input.Random.Next(1, 11));
}
