using Mpath.Core.Engine;
using Mpath.Simulation.Model;

namespace Mpath.Simulation.San;

internal enum IoState : byte
{
    Flowing,
    /// <summary>I/O waits: queued with no path, in flight to a dead link, or held by an ownership move.</summary>
    Stalled,
    /// <summary>No path and no queueing: I/O errors go back to the application.</summary>
    Failing,
}

/// <summary>
/// One host's multipath map for one LUN: the real engine plus a model of the kernel's dm-multipath table
/// (which paths are active, which group I/O goes to, pending switch and pg_init) and the I/O it carries.
/// </summary>
internal sealed class HostMap
{
    public required int Id { get; init; }
    public required int Host { get; init; }
    public required int Lun { get; init; }
    public required HostSettings Settings { get; init; }
    public required MapEngine Engine { get; set; }
    /// <summary>Per path: its link and its controller.</summary>
    public required int[] Link { get; init; }
    public required int[] Controller { get; init; }
    /// <summary>Per path: its group in the loaded table (1-based), and per group its controller.</summary>
    public required int[] Group { get; set; }
    public required int[] GroupController { get; set; }
    /// <summary>The controller this host prefers for the LUN: "home" for the failback latency.</summary>
    public required int HomeController { get; init; }
    public required bool[] DmActive { get; init; }
    public required bool[] ErrorPending { get; init; }
    /// <summary>Index of path 0's check schedule in the simulator's flat table (path p is at FirstPath + p).</summary>
    public required int FirstPath { get; init; }
    public long IoDelayTicks { get; init; }
    /// <summary>How long a check takes to reach the engine (the settings' check_duration): the schedule's drift per check.</summary>
    public long CheckDelayTicks { get; init; }

    /// <summary>The group the kernel sends I/O to (0: none chosen, e.g. after every path failed).</summary>
    public int KernelGroup = 1;
    /// <summary>A switch_group the engine asked for, taken at the next I/O.</summary>
    public int NextGroup;
    public bool PgInitNeeded;
    public bool Queueing;
    public IoState Io = IoState.Flowing;
    public long IoSince;
    public int FlowController = -1;
    public long IoAt = -1;
    public long IoStamp;
    public long TimerAt = -1;
    public long TimerStamp;
    public bool Home = true;
    /// <summary>Draws dropped I/O for this map; seeded from the scenario seed and the map's place in the SAN.</summary>
    public Random? DropRandom;
    public int RandomKey { get; init; }
}
