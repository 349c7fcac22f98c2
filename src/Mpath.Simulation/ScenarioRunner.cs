using Mpath.Core.Model;
using Mpath.Simulation.Model;
using Mpath.Simulation.Results;

namespace Mpath.Simulation;

/// <summary>Runs a scenario once per failback setting and gathers the runs with their verdict.</summary>
public static class ScenarioRunner
{
    /// <summary>The comparison <c>mpath sim</c> shows by default.</summary>
    public static IReadOnlyList<Failback> DefaultModes { get; } = [Failback.Immediate, Failback.Manual, Failback.Followover, Failback.Deferred(30)];

    /// <param name="modes">Failback settings to compare; empty: the scenario's own list, else the hosts' own settings.</param>
    /// <param name="progress">Receives the fraction of all runs done.</param>
    public static RunSet Run(Scenario scenario, IReadOnlyList<Failback> modes, ITraceSink? trace = null, Action<double>? progress = null)
    {
        var chosen = modes.Count > 0 ? modes : scenario.FailbackModes;
        var plan = chosen.Count > 0 ? chosen.Select(m => (Failback?)m).ToList() : [null];
        var runs = new List<RunResult>();
        for (var i = 0; i < plan.Count; i++)
        {
            var index = i;
            Action<double>? step = progress is null ? null : f => progress((index + f) / plan.Count);
            if (trace is null && Partitions(scenario) > 1)
            {
                runs.Add(Simulator.RunPartitioned(scenario, plan[i], Partitions(scenario), step));
                continue;
            }
            var sim = new Simulator(scenario, plan[i], trace) { Progress = step };
            runs.Add(sim.Run());
        }
        var set = new RunSet
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            Seed = scenario.Seed,
            Duration = scenario.Duration,
            Hosts = scenario.Hosts.Count,
            Luns = scenario.Arrays.Sum(a => a.Luns.Count),
            PathsPerLun = scenario.Hosts.Count == 0 ? 0 : scenario.Hosts[0].Ports * (scenario.Arrays.Count == 0 ? 0 : scenario.Arrays[0].Controllers.Count),
            Faults = scenario.Faults.Select(Describe).ToList(),
            Runs = runs,
        };
        return set with { Verdict = VerdictText.Write(set, PreferredName(scenario)) };
    }

    /// <summary>
    /// Large SANs run as parallel LUN partitions (the result does not depend on the count); a trace needs one
    /// simulator so that its lines come in time order.
    /// </summary>
    private static int Partitions(Scenario scenario) =>
        scenario.Arrays.Sum(a => a.Luns.Count) >= 64 ? Math.Clamp(Environment.ProcessorCount, 1, 8) : 1;

    /// <summary>The controller the hosts prefer, when they agree on one (for the verdict's wording).</summary>
    private static string? PreferredName(Scenario s)
    {
        var names = s.Hosts.Select(h => h.Settings.PreferredController).Distinct().ToList();
        if (names.Count == 1 && names[0] is { } n) return n;
        var owners = s.Arrays.SelectMany(a => a.Luns).Select(l => l.DefaultOwner).Distinct().ToList();
        return owners.Count == 1 ? owners[0] : null;
    }

    private static FaultWindow Describe(FaultSpec f)
    {
        var target = new List<string>();
        target.Add(f.Host ?? "all hosts");
        if (f.HostPort is not null) target.Add(f.HostPort);
        if (f.Array is not null) target.Add($"array {f.Array}");
        if (f.Controller is not null) target.Add($"controller {f.Controller}");
        if (f.Port is not null) target.Add($"port {f.Port}");
        var what = f.Kind switch
        {
            FaultKind.Flap => $"flap x{f.Count} every {Simulator.Seconds(f.Period)} s",
            FaultKind.Drop => $"drop {f.Fraction:P0} of I/O",
            FaultKind.Latency => $"+{f.LatencyMs} ms latency",
            FaultKind.ControllerDown => "controller down",
            _ => "links down",
        };
        var targetText = f.Kind == FaultKind.ControllerDown ? string.Join(" ", target.Skip(1)) : string.Join(" -> ", target);
        return new FaultWindow(f.At, f.End, $"{what}: {targetText}");
    }
}
