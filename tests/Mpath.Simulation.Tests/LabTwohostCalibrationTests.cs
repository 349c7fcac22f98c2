using Mpath.Core.Model;
using Mpath.Simulation.Model;
using Mpath.Simulation.Results;

namespace Mpath.Simulation.Tests;

/// <summary>
/// lab-twohost is the kernel tier's twohost boot as a scenario, calibrated from that lab's logs. These pin what it
/// predicts to what the kernel measured (README, "Proof on a real kernel"): a model change that moves a prediction
/// out of the measured range must be re-checked against the lab.
/// </summary>
public class LabTwohostCalibrationTests
{
    private static RunResult Run(Failback mode, Func<Scenario, Scenario>? change = null)
    {
        var s = BuiltinScenarios.Load("lab-twohost");
        return new Simulator(change is null ? s : change(s), mode).Run();
    }

    [Fact]
    public void Followover_moves_twice_and_returns_within_a_checker_interval_plus_transition()
    {
        var run = Run(Failback.Followover);
        Assert.Equal(2, run.Luns.Single().OwnershipMoves);
        Assert.InRange(run.FailbackLatency!.Value, 0, 2 + 3);
        Assert.Equal(0, run.IoErrors);
    }

    [Fact]
    public void Manual_moves_once_and_never_returns()
    {
        var run = Run(Failback.Manual);
        Assert.Equal(1, run.Luns.Single().OwnershipMoves);
        Assert.Null(run.FailbackLatency);
    }

    [Fact]
    public void Immediate_ping_pongs_at_the_rate_the_kernel_lab_measured_on_an_idle_host()
    {
        // Kernel, idle host: 24 moves, both servers re-taking the LUN at every check (one round trip per interval).
        Assert.InRange(Run(Failback.Immediate).Luns.Single().OwnershipMoves, 22, 26);
    }

    [Fact]
    public void A_late_noticed_trespass_halves_the_rate_as_on_a_loaded_host()
    {
        // Kernel, loaded host (reads twice a second, a trespass noticed ~0.45 s late): 12, 12, 12 moves. Each server
        // now misses the check right after the other's trespass: one round trip per two intervals.
        var run = Run(Failback.Immediate, Slowed);
        Assert.InRange(run.Luns.Single().OwnershipMoves, 12, 16);
    }

    private static Scenario Slowed(Scenario s) => s with
    {
        Hosts = s.Hosts.Select(h => h with { Settings = h.Settings with { IoRate = 2.2 } }).ToList(),
    };

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_slow_rate_holds_whatever_the_phase_between_the_two_servers_checkers(int seed)
    {
        // The lab starts both daemons together; hosts that check out of step (random start, per seed) ping-pong at
        // the same slow rate once the trespass is noticed late, because that lateness is what sets it.
        var run = Run(Failback.Immediate, s => Slowed(s) with
        {
            Seed = seed,
            Hosts = Slowed(s).Hosts.Select(h => h with { Settings = h.Settings with { CheckerStart = null } }).ToList(),
        });
        Assert.InRange(run.Luns.Single().OwnershipMoves, 12, 16);
    }

    [Fact]
    public void Check_duration_drifts_the_schedule_so_fewer_checks_run()
    {
        var drifting = Run(Failback.Manual);
        var instant = Run(Failback.Manual, s => s with
        {
            Hosts = s.Hosts.Select(h => h with { Settings = h.Settings with { CheckDuration = 0 } }).ToList(),
        });
        Assert.True(drifting.PathChecks < instant.PathChecks, $"{drifting.PathChecks} checks with drift, {instant.PathChecks} without");
    }
}
