using Mpath.Core.Model;

namespace Mpath.Simulation.Model;

/// <summary>How an array decides which controller serves a LUN.</summary>
public enum ArrayBehaviour
{
    /// <summary>Active/passive, explicit failover: I/O to the passive controller fails (NOT READY); a host's pg_init moves the LUN.</summary>
    Explicit,
    /// <summary>Any I/O reaching the passive controller moves the LUN there.</summary>
    AutoTrespass,
    /// <summary>ALUA, implicit: the non-owner ports are active/non-optimized; the array moves the LUN after sustained I/O through them.</summary>
    AluaImplicit,
    /// <summary>ALUA, explicit: the non-owner ports are standby; the host's STPG on a group switch moves the LUN.</summary>
    AluaExplicit,
    /// <summary>Every port serves every LUN; nothing ever moves.</summary>
    ActiveActive,
}

/// <summary>Where path priorities come from on a host (which decides whether the preferred group follows the LUN).</summary>
public enum PriorityModel
{
    /// <summary>Fixed per controller: preferred controller 50, others 10, grouped by priority (weightedpath, ALUA pref bit).</summary>
    Static,
    /// <summary>failover grouping: one path per group in path order (preferred controller first), constant priority.</summary>
    PathOrder,
    /// <summary>ALUA state: active/optimized 50, active/non-optimized 10, standby 1; grouped by priority, refreshed each check.</summary>
    Alua,
}

public sealed record ControllerSpec(string Name, int Ports)
{
    /// <summary>Port names are the controller name followed by the port number: A0, A1, ...</summary>
    public string PortName(int index) => $"{Name}{index}";
}

public sealed record LunSpec(string Name, string DefaultOwner);

public sealed record ArraySpec(
    string Name,
    ArrayBehaviour Behaviour,
    IReadOnlyList<ControllerSpec> Controllers,
    IReadOnlyList<LunSpec> Luns,
    double TrespassTime,
    double ImplicitAfter);

/// <summary>One host's multipath settings (multipath.conf values plus the simulated workload and timeouts).</summary>
public sealed record HostSettings
{
    public Failback Failback { get; init; } = Failback.Followover;
    public NoPathRetry NoPathRetry { get; init; } = NoPathRetry.Times(12);
    public double PollingInterval { get; init; } = 5;
    public double MaxPollingInterval { get; init; } = 20;
    public PriorityModel Priority { get; init; } = PriorityModel.Static;
    /// <summary>Controller the static and path-order models prefer; null means each LUN's default owner.</summary>
    public string? PreferredController { get; init; }
    public bool HardwareHandler { get; init; } = true;
    public int FailbackRateLimit { get; init; }
    public double FailbackRateWindow { get; init; } = 3600;
    public int PingPongThreshold { get; init; } = 4;
    /// <summary>mpath extension: a path failing again this soon (s) after reinstatement is held out (0 = off).</summary>
    public double FlakyPathWindow { get; init; }
    public double FlakyPathHold { get; init; } = 300;
    /// <summary>multipath.conf marginal_path_* (seconds, errors per thousand, seconds, seconds); all four set turn it on.</summary>
    public double MarginalPathDoubleFailedTime { get; init; }
    public double MarginalPathErrSampleTime { get; init; }
    public int MarginalPathErrRateThreshold { get; init; }
    public double MarginalPathErrRecheckGapTime { get; init; }
    /// <summary>Application I/O per second per LUN; a change is discovered at the next I/O, 1/rate later.</summary>
    public double IoRate { get; init; } = 100;
    public double CheckerTimeout { get; init; } = 30;
    /// <summary>
    /// When (s) the host's checker loop begins; null: a seeded random moment within the first polling interval, as
    /// hosts booted at different times check out of step. Hosts given the same start check in lockstep.
    /// </summary>
    public double? CheckerStart { get; init; }
    /// <summary>
    /// Seconds from a check's due time until the engine acts on its result (the checker's I/O and the daemon's loop).
    /// The next check is due an interval after that, so a host's checks drift by this much per check.
    /// </summary>
    public double CheckDuration { get; init; }
    /// <summary>How long I/O sent down a dead link takes to error out (like fast_io_fail_tmo).</summary>
    public double IoFailTime { get; init; } = 5;
}

public sealed record HostSpec(string Name, int Ports, HostSettings Settings);

public enum FaultKind
{
    LinkDown,
    Flap,
    Drop,
    Latency,
    ControllerDown,
}

/// <summary>
/// A fabric fault on the links selected by the optional host, host_port, array, controller and port fields
/// (an omitted selector matches everything). Times are seconds from the start.
/// </summary>
public sealed record FaultSpec
{
    public FaultKind Kind { get; init; }
    public double At { get; init; }
    public double? Until { get; init; }
    public string? Host { get; init; }
    public string? HostPort { get; init; }
    public string? Array { get; init; }
    public string? Controller { get; init; }
    public string? Port { get; init; }
    public double Period { get; init; }
    public int Count { get; init; }
    public double Fraction { get; init; }
    public double LatencyMs { get; init; }

    /// <summary>When the fault is over (its repair), or null for a fault that lasts to the end.</summary>
    public double? End => Kind == FaultKind.Flap ? At + Period * Count : Until;
}

public sealed record Scenario
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public double Duration { get; init; } = 600;
    public int Seed { get; init; } = 1;
    /// <summary>Failback modes to compare; empty means each host's own setting, one run.</summary>
    public IReadOnlyList<Failback> FailbackModes { get; init; } = [];
    public required IReadOnlyList<ArraySpec> Arrays { get; init; }
    public required IReadOnlyList<HostSpec> Hosts { get; init; }
    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];

    /// <summary>The time of the last repair (end of the last fault that ends), or null when nothing is repaired.</summary>
    public double? LastRepair => Faults.Select(f => f.End).Where(e => e is not null).Max();
}
