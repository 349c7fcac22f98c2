using Mpath.Core.Model;
using Mpath.Simulation.Model;

namespace Mpath.Simulation.Tests;

public class ScenarioLibraryTests
{
    public static TheoryData<string> Names() => new(BuiltinScenarios.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_built_in_scenario_parses(string name)
    {
        var s = BuiltinScenarios.Load(name);
        Assert.Equal(name, s.Name);
        Assert.NotEmpty(s.Description);
        Assert.NotEmpty(s.Hosts);
        Assert.NotEmpty(s.Faults);
    }

    [Fact]
    public void Large_san_has_the_promised_size()
    {
        var s = BuiltinScenarios.Load("large-san");
        Assert.Equal(16, s.Hosts.Count);
        Assert.Equal(1000, s.Arrays.Sum(a => a.Luns.Count));
        Assert.All(s.Hosts, h => Assert.Equal(4, h.Ports * s.Arrays[0].Controllers.Count));
        Assert.All(s.Hosts, h => Assert.Equal(5, h.Settings.PollingInterval));
        Assert.Equal(86400, s.Duration);
    }

    [Fact]
    public void Auto_trespass_ping_pongs_under_every_failback_mode()
    {
        var s = BuiltinScenarios.Load("auto-trespass");
        foreach (var mode in ScenarioRunner.DefaultModes)
        {
            var run = new Simulator(s, mode).Run();
            Assert.True(run.PingPongEpisodes > 0, $"{mode}: expected ping-pong");
            Assert.All(run.Luns, l => Assert.True(l.OwnershipMoves > 10, $"{mode} {l.Name}: {l.OwnershipMoves} moves"));
        }
    }

    [Fact]
    public void Controller_reboot_with_followover_moves_twice_and_returns()
    {
        var run = new Simulator(BuiltinScenarios.Load("controller-reboot"), Failback.Followover).Run();
        Assert.All(run.Luns, l => Assert.Equal(2, l.OwnershipMoves));
        Assert.NotNull(run.FailbackLatency);
        Assert.Equal(0, run.IoErrors);
    }

    [Fact]
    public void Followover_without_hold_fails_back_on_every_flap()
    {
        // 10 flaps of host1's links to A: each down->up is a checker-observed return of the whole group.
        var run = new Simulator(BuiltinScenarios.Load("flapping"), Failback.Followover).Run();
        Assert.All(run.Luns, l => Assert.Equal(20, l.OwnershipMoves));
    }

    [Fact]
    public void Alua_implicit_array_moves_luns_on_its_own()
    {
        var run = new Simulator(BuiltinScenarios.Load("alua-implicit"), Failback.Manual).Run();
        // Manual hosts never switch groups themselves: every move is the array's.
        Assert.Equal(0, run.EngineSwitches);
        Assert.All(run.Luns, l => Assert.True(l.OwnershipMoves >= 2));
    }

    [Fact]
    public void No_path_retry_fail_returns_errors_when_every_path_is_gone()
    {
        var s = BuiltinScenarios.Load("seed");
        s = s with
        {
            Hosts = s.Hosts.Select(h => h with { Settings = h.Settings with { NoPathRetry = NoPathRetry.Fail } }).ToList(),
            Faults = [new FaultSpec { Kind = FaultKind.LinkDown, Host = "host1", At = 60, Until = 120 }],
        };
        var run = new Simulator(s, Failback.Followover).Run();
        var host1 = run.Hosts.Single(h => h.Name == "host1");
        // Errors from when the last path's I/O times out (65 s + 5 s) until the checker sees a path back (120-125 s),
        // at 100 I/O per second on each of 4 LUNs.
        Assert.InRange(host1.IoErrors, 4 * 100 * 49.9, 4 * 100 * 55.1);
        // A host with no live path cannot activate the other controller: nothing moves.
        Assert.All(run.Luns, l => Assert.Equal(0, l.OwnershipMoves));
        Assert.All(run.Hosts.Where(h => h.Name != "host1"), h => Assert.Equal(0, h.IoErrors));
    }
}

public class MpathExtensionTests
{
    private static Scenario Flapping(Func<HostSettings, HostSettings> change)
    {
        var s = BuiltinScenarios.Load("flapping");
        return s with { Hosts = s.Hosts.Select(h => h with { Settings = change(h.Settings) }).ToList() };
    }

    [Fact]
    public void Flaky_path_hold_stops_followover_failing_back_on_every_flap()
    {
        var plain = new Simulator(Flapping(x => x), Failback.Followover).Run();
        var held = new Simulator(Flapping(x => x with { FlakyPathWindow = 60, FlakyPathHold = 600 }), Failback.Followover).Run();
        Assert.All(plain.Luns, l => Assert.Equal(20, l.OwnershipMoves));
        Assert.All(held.Luns, l => Assert.True(l.OwnershipMoves < 20 && l.OwnershipMoves >= 1, $"{l.Name}: {l.OwnershipMoves}"));
    }

    /// <summary>Counts the kernel's path failures on one host.</summary>
    private sealed class KernelFailureCount(string host) : Mpath.Simulation.Results.ITraceSink
    {
        public int Count { get; private set; }
        public int Samples { get; private set; }

        public void Write(string run, double time, string h, string lun, string what, string reason)
        {
            if (h != host) return;
            if (what.StartsWith("kernel failed path", StringComparison.Ordinal)) Count++;
            if (what.StartsWith("I/O sample of", StringComparison.Ordinal)) Samples++;
        }
    }

    [Fact]
    public void Marginal_path_sampling_keeps_a_link_that_drops_io_out_of_use()
    {
        Scenario Lossy(Func<HostSettings, HostSettings> change)
        {
            var s = Flapping(change);
            return s with { Faults = [new FaultSpec { Kind = FaultKind.Drop, Host = "host1", HostPort = "hba0", Controller = "A", At = 60, Fraction = 0.05 }] };
        }
        var plain = new KernelFailureCount("host1");
        new Simulator(Lossy(x => x), Failback.Followover, plain).Run();
        var sampled = new KernelFailureCount("host1");
        new Simulator(Lossy(x => x with
        {
            MarginalPathDoubleFailedTime = 60, MarginalPathErrSampleTime = 120, MarginalPathErrRateThreshold = 5, MarginalPathErrRecheckGapTime = 300,
        }), Failback.Followover, sampled).Run();
        Assert.True(sampled.Samples > 0, $"no path was sampled ({plain.Count} kernel path failures without marginal_path, {sampled.Count} with)");
        Assert.True(sampled.Count * 4 < plain.Count, $"kernel path failures: {sampled.Count} with marginal_path, {plain.Count} without");
    }

    [Fact]
    public void Failback_rate_limit_caps_immediate_failbacks()
    {
        var limited = new Simulator(SeedScenarioTests.Seed(4) with
        {
            Hosts = SeedScenarioTests.Seed(4).Hosts.Select(h => h with { Settings = h.Settings with { FailbackRateLimit = 2, FailbackRateWindow = 3600 } }).ToList(),
        }, Failback.Immediate).Run();
        var unlimited = new Simulator(SeedScenarioTests.Seed(4), Failback.Immediate).Run();
        Assert.True(limited.OwnershipMoves < unlimited.OwnershipMoves / 2, $"{limited.OwnershipMoves} vs {unlimited.OwnershipMoves}");
        Assert.All(limited.Hosts, h => Assert.True(h.EngineSwitches <= 2 * 4, $"{h.Name}: {h.EngineSwitches} engine switches"));
    }
}
