using System.Text.Json.Serialization;

namespace Mpath.Simulation.Results;

/// <summary>What one host went through in a run. Times in seconds.</summary>
public sealed record HostResult(
    string Name,
    double StallTotal,
    double StallWorst,
    long IoErrors,
    int EngineSwitches,
    int KernelSwitches,
    int PingPongWarnings);

/// <summary>What happened to one LUN in a run.</summary>
public sealed record LunResult(
    string Name,
    string DefaultOwner,
    string FinalOwner,
    int OwnershipMoves,
    int PingPongEpisodes,
    double OffPreferredSeconds);

/// <summary>A step function over time for the plot: from each point's time on, the value holds.</summary>
public sealed record Timeline(string Label, IReadOnlyList<TimelinePoint> Points);

public sealed record TimelinePoint(double Time, string Value);

/// <summary>The outcome of one run of a scenario under one failback setting.</summary>
public sealed record RunResult
{
    public required string Failback { get; init; }
    public double Duration { get; init; }
    public double? RepairAt { get; init; }
    /// <summary>Seconds from the last repair until every host is on its preferred group and every LUN on its default owner; null: never.</summary>
    public double? FailbackLatency { get; init; }
    public int OwnershipMoves { get; init; }
    public double MovesPerLun { get; init; }
    public int MaxMovesPerLun { get; init; }
    /// <summary>Simulator-side count: 3 or more moves of one LUN within 5 minutes is one episode.</summary>
    public int PingPongEpisodes { get; init; }
    /// <summary>PingPongSuspected warnings the engines logged.</summary>
    public int EnginePingPongWarnings { get; init; }
    public long IoErrors { get; init; }
    public double StallTotal { get; init; }
    public double StallWorst { get; init; }
    public double OffPreferredSecondsPerLun { get; init; }
    public int EngineSwitches { get; init; }
    public int KernelSwitches { get; init; }
    public long PathChecks { get; init; }
    public long Events { get; init; }
    public required IReadOnlyList<HostResult> Hosts { get; init; }
    public required IReadOnlyList<LunResult> Luns { get; init; }
    [JsonIgnore] public IReadOnlyList<Timeline> HostTimelines { get; init; } = [];
    [JsonIgnore] public IReadOnlyList<Timeline> LunTimelines { get; init; } = [];
}

/// <summary>A scenario run once per failback setting.</summary>
public sealed record RunSet
{
    public required string Scenario { get; init; }
    public string Description { get; init; } = "";
    public int Seed { get; init; }
    public double Duration { get; init; }
    public int Hosts { get; init; }
    public int Luns { get; init; }
    public int PathsPerLun { get; init; }
    public IReadOnlyList<FaultWindow> Faults { get; init; } = [];
    public required IReadOnlyList<RunResult> Runs { get; init; }
    public string Verdict { get; init; } = "";
}

/// <summary>A fault's time window and a short description, for tables and plots.</summary>
public sealed record FaultWindow(double Start, double? End, string What);
