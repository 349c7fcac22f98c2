namespace Mpath.Core.Topology.Prioritizers;

/// <summary>A path priority and, when the prioritizer could not do its job normally, why.</summary>
public sealed record PriorityResult(int Priority, string? Reason = null)
{
    /// <summary>multipath-tools' PRIO_UNDEF: no usable priority.</summary>
    public const int Undefined = -1;

    public bool IsDefined => Priority >= 0;

    public static PriorityResult Of(int priority) => new(priority);

    public static PriorityResult Failed(string reason) => new(Undefined, reason);
}

/// <summary>What a prioritizer gets besides the path: its prio_args and a caller-seeded random source.</summary>
public sealed record PrioritizerInput(string Args, Random Random);

/// <summary>A prioritizer: a pure function of the probed path data and its arguments.</summary>
public delegate PriorityResult Prioritizer(Model.PathInfo path, PrioritizerInput input);
