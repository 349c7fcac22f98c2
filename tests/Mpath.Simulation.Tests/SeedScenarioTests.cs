using Mpath.Core.Model;
using Mpath.Simulation.Model;
using Mpath.Simulation.Results;

namespace Mpath.Simulation.Tests;

/// <summary>The project's central claim (DESIGN.md §1), checked on the seed scenario for several SAN sizes.</summary>
public class SeedScenarioTests
{
    private const double FaultStart = 60, Repair = 360, Polling = 5, Trespass = 2;

    internal static Scenario Seed(int hosts)
    {
        var seed = BuiltinScenarios.Load("seed");
        var template = seed.Hosts[0];
        return seed with { Hosts = Enumerable.Range(1, hosts).Select(i => template with { Name = $"host{i}" }).ToList() };
    }

    private static RunResult Run(int hosts, Failback mode) => new Simulator(Seed(hosts), mode).Run();

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(32)]
    public void Followover_moves_each_LUN_exactly_twice_and_every_host_returns_promptly(int hosts)
    {
        var run = Run(hosts, Failback.Followover);
        Assert.All(run.Luns, l => Assert.Equal(2, l.OwnershipMoves));
        Assert.All(run.Luns, l => Assert.Equal("A", l.FinalOwner));
        Assert.Equal(0, run.PingPongEpisodes);
        Assert.Equal(0, run.IoErrors);
        // One polling interval for host1's checker to see its path back, the trespass, and two I/Os to notice.
        var slack = 2 / 100.0 + 0.001;
        Assert.NotNull(run.FailbackLatency);
        Assert.InRange(run.FailbackLatency!.Value, 0, Polling + Trespass + slack);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(32)]
    public void Immediate_ping_pongs_for_the_whole_fault_window(int hosts)
    {
        var run = Run(hosts, Failback.Immediate);
        var intervals = (Repair - FaultStart) / Polling;
        Assert.All(run.Luns, l => Assert.True(l.OwnershipMoves >= intervals, $"{l.Name}: {l.OwnershipMoves} moves in {intervals} polling intervals"));
        Assert.All(run.Luns, l => Assert.True(l.PingPongEpisodes >= 1));
        Assert.True(run.EnginePingPongWarnings > 0, "the engines' own ping-pong detector should fire");
        // Once the fault is repaired the hosts agree again and the LUNs settle on the preferred controller.
        Assert.NotNull(run.FailbackLatency);
        Assert.All(run.Luns, l => Assert.Equal("A", l.FinalOwner));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(32)]
    public void Manual_moves_once_and_never_returns(int hosts)
    {
        var run = Run(hosts, Failback.Manual);
        Assert.All(run.Luns, l => Assert.Equal(1, l.OwnershipMoves));
        Assert.All(run.Luns, l => Assert.Equal("B", l.FinalOwner));
        Assert.Null(run.FailbackLatency);
        Assert.Equal(0, run.EngineSwitches);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(32)]
    public void Deferred_ping_pongs_at_its_slower_period(int hosts)
    {
        var deferred = Run(hosts, Failback.Deferred(30));
        var immediate = Run(hosts, Failback.Immediate);
        Assert.All(deferred.Luns, l => Assert.InRange(l.OwnershipMoves, 3, immediate.Luns.First(i => i.Name == l.Name).OwnershipMoves - 1));
        Assert.True(deferred.PingPongEpisodes > 0);
        // The last countdown after the repair runs out within the deferral plus one check and a trespass.
        Assert.NotNull(deferred.FailbackLatency);
        Assert.InRange(deferred.FailbackLatency!.Value, 0, 30 + Polling + Trespass + 1);
    }

    [Fact]
    public void Followover_host_that_lost_its_paths_is_the_only_one_whose_engine_switches()
    {
        var run = Run(4, Failback.Followover);
        Assert.Equal(4, run.Hosts.Single(h => h.Name == "host1").EngineSwitches);
        Assert.All(run.Hosts.Where(h => h.Name != "host1"), h => Assert.Equal(0, h.EngineSwitches));
        Assert.All(run.Hosts.Where(h => h.Name != "host1"), h => Assert.Equal(8, h.KernelSwitches));
    }

    [Fact]
    public void The_default_comparison_recommends_followover()
    {
        var set = ScenarioRunner.Run(BuiltinScenarios.Load("seed"), ScenarioRunner.DefaultModes);
        Assert.Equal(["immediate", "manual", "followover", "30"], set.Runs.Select(r => r.Failback));
        Assert.Equal("followover", VerdictText.Best(set.Runs)!.Failback);
        Assert.Contains("Best here: followover", set.Verdict);
        Assert.Contains("followover: 2 ownership moves per LUN, all hosts back on controller A", set.Verdict);
        Assert.Contains("manual: 1 ownership move per LUN, never back on controller A", set.Verdict);
    }
}
