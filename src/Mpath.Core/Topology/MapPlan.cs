using Mpath.Core.Model;
using Mpath.Core.Topology.DeviceMapper;
using Mpath.Core.Topology.Naming;
using Mpath.Core.Topology.Prioritizers;

namespace Mpath.Core.Topology;

/// <summary>One path group of a planned map, in dm order (group 1 first).</summary>
/// <param name="Priority">Average priority of the group's usable paths (PRIO_UNDEF -1 when none has one).</param>
/// <param name="PathIndexes">Indexes into <see cref="MapPlan.Paths"/>, in table order.</param>
/// <param name="EnabledPaths">How many of the group's paths are up or ghost.</param>
/// <param name="Marginal">Every path of the group is marginal.</param>
public sealed record PathGroupPlan(int Priority, IReadOnlyList<int> PathIndexes, int EnabledPaths = 0, bool Marginal = false);

/// <summary>
/// A dm-multipath map as it would be loaded: a plain record, so a JSON source generator can
/// write it as is. <see cref="TableParameters"/> is the exact string handed to device-mapper.
/// </summary>
public sealed record MapPlan(
    string Name,
    MapNameSource NameSource,
    string Wwid,
    long SizeSectors,
    IReadOnlyList<PathInfo> Paths,
    IReadOnlyList<PathPriority> Priorities,
    IReadOnlyList<PathGroupPlan> Groups,
    int InitialGroup,
    string Features,
    string HardwareHandler,
    string PathSelector,
    PathGroupingPolicy PathGroupingPolicy,
    Failback Failback,
    NoPathRetry? NoPathRetry,
    DmTable Table)
{
    public string TableParameters => Table.Format();

    /// <summary>The device names of each group's paths, in order (what <c>mpath plan</c> prints).</summary>
    public IReadOnlyList<IReadOnlyList<string>> GroupDevices() =>
        Groups.Select(g => (IReadOnlyList<string>)g.PathIndexes.Select(i => Paths[i].Dev).ToList()).ToList();
}

/// <summary>A device that did not become part of any map, and why.</summary>
/// <param name="Wwid">The device's WWID (empty when it has none).</param>
/// <param name="Held">find_multipaths smart holds the device, waiting for a second path (verdict Wait).</param>
public sealed record SkippedDevice(string Dev, string Reason, string Wwid = "", bool Held = false);

public sealed record AssemblyResult(IReadOnlyList<MapPlan> Maps, IReadOnlyList<SkippedDevice> Skipped);

/// <summary>Everything about the surroundings that map assembly may consult; all optional.</summary>
public sealed record MapAssemblyOptions
{
    /// <summary>Each path's checker state; every path is taken as up when not given.</summary>
    public Func<PathInfo, CheckerState>? StateOf { get; init; }

    public Func<PathInfo, bool>? IsMarginal { get; init; }

    /// <summary>A fixed priority for a path (a described topology), used instead of its prioritizer when not null.</summary>
    public Func<PathInfo, int?>? PriorityOf { get; init; }

    /// <summary>Why a path is blacklisted, or null when it is not.</summary>
    public Func<PathInfo, string?>? BlacklistReason { get; init; }

    /// <summary>Source for the random prioritizer; a fixed seed when not given, so plans are reproducible.</summary>
    public Random? Random { get; init; }

    public FindMultipathsMode FindMultipaths { get; init; } = FindMultipathsMode.Off;

    public WwidsFile Wwids { get; init; } = WwidsFile.Empty;

    /// <summary>Whether a dm map for the WWID exists already.</summary>
    public Func<string, bool>? MapExists { get; init; }

    /// <summary>
    /// A WWID whose map exists is multipathed whatever find_multipaths says (the daemon never gives up a map); otherwise
    /// an existing map counts only for on and smart, as for the multipath command.
    /// </summary>
    public bool ExistingMapsAlwaysCount { get; init; }

    /// <summary>For find_multipaths smart: whether the WWID's find_multipaths_timeout has expired.</summary>
    public Func<string, bool>? SmartTimeoutExpired { get; init; }

    /// <summary>For find_multipaths smart: whether the WWID was released to the system (see <see cref="FindMultipathsFacts.ReleasedToSystem"/>).</summary>
    public Func<string, bool>? ReleasedToSystem { get; init; }
}
