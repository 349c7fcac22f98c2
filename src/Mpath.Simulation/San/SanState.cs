using Mpath.Simulation.Model;

namespace Mpath.Simulation.San;

/// <summary>One array controller (global index across all arrays).</summary>
internal sealed record ControllerRef(int Id, string Name, int Array);

/// <summary>A host port to array port link. Faults stack: the link is up only when no fault holds it down.</summary>
internal sealed class Link(int id, int host, string hostPort, int controller, string arrayPort)
{
    public int Id { get; } = id;
    public int Host { get; } = host;
    public string HostPort { get; } = hostPort;
    public int Controller { get; } = controller;
    public string ArrayPort { get; } = arrayPort;
    public int DownHolds;
    public double DropFraction;
    public double LatencyMs;
    public bool Up => DownHolds == 0;
    /// <summary>Every (map, path) that runs over this link, to wake their I/O when the link changes.</summary>
    public List<(int Map, int Path)> Users { get; } = [];
}

/// <summary>A LUN on an array and who owns it.</summary>
internal sealed class LunState(int id, int global, string name, ArraySpec array, int defaultOwner)
{
    /// <summary>Index in this simulator's (partition's) LUN list.</summary>
    public int Id { get; } = id;
    /// <summary>Index in the whole scenario: names the LUN across partitions.</summary>
    public int Global { get; } = global;
    public string Name { get; } = name;
    public ArraySpec Array { get; } = array;
    public int DefaultOwner { get; } = defaultOwner;
    public int Owner = defaultOwner;
    public bool Moving;
    public int MoveTarget = -1;
    /// <summary>A pg_init that arrived during a move; it runs when the move ends.</summary>
    public int QueuedTarget = -1;
    public List<long> MoveTimes { get; } = [];
    public List<int> Maps { get; } = [];
    public long OffDefaultSince = -1;
    public long OffDefaultTicks;
    public bool Home = true;
    public bool ImplicitCheckPending;

    /// <summary>Whether I/O must go to the owning controller (everything but active-active).</summary>
    public bool HasOwner => Array.Behaviour != ArrayBehaviour.ActiveActive;
}
