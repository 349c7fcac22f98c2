using Mpath.Core.Model;

namespace Mpath.Daemon.State;

/// <summary>How far discovery got with a path (multipathd's <c>init_st</c> column).</summary>
public enum PathInitState
{
    New,
    Failed,
    MissingUdev,
    RequestedUdev,
    Ok,
    Removed,
    Partial,
}

/// <summary>
/// One path as the daemon last saw it. Immutable; the daemon publishes a new one on every change, so readers never
/// need a lock. Values the daemon cannot know (no FC transport, no sysfs attribute) stay null and print the way
/// multipathd prints a missing value.
/// </summary>
public sealed record PathSnapshot(PathInfo Info)
{
    /// <summary>The map this path belongs to, or null for a path in no map (multipathd's "orphan").</summary>
    public string? MapName { get; init; }

    /// <summary>1-based number of the path group within the map; 0 when in no map.</summary>
    public int GroupNumber { get; init; }

    /// <summary>Priority from the prioritizer; -1 when not yet known (multipathd's PRIO_UNDEF).</summary>
    public int Priority { get; init; } = -1;

    /// <summary>Overall state, updated by the checker and by kernel events (multipathd's <c>state</c>, the chk_st column).</summary>
    public CheckerState State { get; init; } = CheckerState.Wild;

    /// <summary>State as the path checker alone last reported it (multipathd's <c>chkrstate</c>); failback decisions use it.</summary>
    public CheckerState CheckerState { get; init; } = CheckerState.Wild;

    public DmPathState DmState { get; init; } = DmPathState.Undefined;

    /// <summary>sysfs device state text (<c>running</c>, <c>offline</c>, <c>blocked</c>, ...); the dev_st column shows offline or running.</summary>
    public string DeviceState { get; init; } = "running";

    public string CheckerName { get; init; } = "tur";

    /// <summary>Seconds until the next check.</summary>
    public int NextCheckIn { get; init; }

    /// <summary>The current checker interval in seconds.</summary>
    public int CheckInterval { get; init; }

    public int FailCount { get; init; }

    public bool Marginal { get; init; }

    public PathInitState InitState { get; init; } = PathInitState.Ok;

    /// <summary>Whether the daemon holds the device open for checking (counted by <c>show status</c>).</summary>
    public bool Monitored { get; init; } = true;

    /// <summary>FC transport attributes; null when not readable. Only printed for <c>scsi:fcp</c> paths.</summary>
    public string? HostWwnn { get; init; }
    public string? HostWwpn { get; init; }
    public string? TargetWwpn { get; init; }

    /// <summary>PCI slot name of the host adapter, or null when unknown.</summary>
    public string? HostAdapter { get; init; }

    /// <summary>Decoded VPD page data when the device has a <c>vpd_vendor</c> setting, else null.</summary>
    public string? VpdData { get; init; }

    /// <summary>The queue's max_sectors_kb, or null when unreadable.</summary>
    public int? MaxSectorsKb { get; init; }

    public bool InMap => MapName is not null;
}
