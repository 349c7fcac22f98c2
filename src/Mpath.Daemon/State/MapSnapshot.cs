using Mpath.Core.Model;
using Mpath.Core.Planning;

namespace Mpath.Daemon.State;

/// <summary>What the daemon last did to a map (multipathd's <c>action</c>).</summary>
public enum MapAction
{
    Undefined,
    Nothing,
    Reject,
    Reload,
    SwitchGroup,
    Rename,
    Create,
    Resize,
    ForceRename,
    DryRun,
    Impossible,
}

/// <summary>A path group's state in the kernel (A/E/D in the dm status line).</summary>
public enum PathGroupState
{
    Undefined,
    Enabled,
    Disabled,
    Active,
}

/// <summary>One path group of a map, with its paths in table order.</summary>
public sealed record GroupSnapshot(
    int Number,
    string Selector,
    int Priority,
    PathGroupState State,
    IReadOnlyList<PathSnapshot> Paths,
    bool Marginal = false);

/// <summary>
/// One multipath map as the daemon last saw it. Vendor, product and revision come from its paths, as multipathd
/// derives them, so they can never disagree with the paths.
/// </summary>
public sealed record MapSnapshot(string Name, string Wwid, IReadOnlyList<GroupSnapshot> Groups)
{
    /// <summary>The kernel block device name (<c>dm-N</c>); null when the map has no device-mapper info yet.</summary>
    public string? SysfsName { get; init; }

    public long SizeSectors { get; init; }
    public string Features { get; init; } = "0";
    public string HardwareHandler { get; init; } = "0";
    public bool ReadOnly { get; init; }
    public bool Suspended { get; init; }

    /// <summary>Configured failback; null when undefined.</summary>
    public Failback? Failback { get; init; }

    /// <summary>Seconds left in a running deferred-failback countdown; 0 when none runs.</summary>
    public int FailbackTicksLeft { get; init; }

    /// <summary>Configured no_path_retry; null when undefined.</summary>
    public NoPathRetry? NoPathRetry { get; init; }

    /// <summary>Seconds of queueing left after all paths failed (no_path_retry N); 0 when not counting down.</summary>
    public int RetryTicksLeft { get; init; }

    /// <summary>Whether the map queues I/O when no path is left (queue_if_no_path is on in the kernel).</summary>
    public bool QueueIfNoPath { get; init; }

    public MapAction Action { get; init; } = MapAction.Nothing;

    public uint PathFaults { get; init; }
    public uint SwitchGroups { get; init; }
    public uint MapLoads { get; init; }
    public uint TotalQueueingTime { get; init; }
    public uint QueueingTimeouts { get; init; }
    public uint MapFailures { get; init; }

    public int? MaxSectorsKb { get; init; }

    /// <summary>The device-mapper uuid of the map (the default instance's scheme unless set).</summary>
    public string DmUuid
    {
        get => field ?? MapNamespace.Default.UuidFor(Wwid);
        init;
    }

    public IEnumerable<PathSnapshot> Paths => Groups.SelectMany(g => g.Paths);

    /// <summary>Paths that can carry I/O (up or ghost), multipathd's <c>paths</c> column.</summary>
    public int ActivePathCount => Paths.Count(p => p.State is CheckerState.Up or CheckerState.Ghost);

    /// <summary>Vendor of the first path that has one, or null.</summary>
    public string? Vendor => Paths.Select(p => p.Info.Vendor).FirstOrDefault(v => v.Length > 0);

    public string? Product => Paths.Select(p => p.Info.Product).FirstOrDefault(v => v.Length > 0);

    public string? Revision => Paths.Select(p => p.Info.Revision).FirstOrDefault(v => v.Length > 0);
}
