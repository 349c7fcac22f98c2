using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mpath.Core.Model;
using Mpath.Simulation.Model;
using Mpath.Simulation.Results;

namespace Mpath.Simulation.Tests;

/// <summary>
/// Pins the simulator's output to recorded hashes, so that a speed-up (or any refactoring) that changes a single
/// number, event count, timeline point or trace line fails here. A deliberate change of the model must update the
/// hashes and say why in its commit.
/// </summary>
public class GoldenOutputTests
{
    /// <summary>
    /// A slice of large-san with every fault kind (dropped I/O draws random numbers, the flap and the controller
    /// reboot move LUNs, the latency makes the checker time out), small enough for a unit test.
    /// </summary>
    internal static Scenario Slice()
    {
        var s = BuiltinScenarios.Load("large-san");
        return s with
        {
            Duration = 1800,
            Hosts = s.Hosts.Take(4).ToList(),
            Arrays = [s.Arrays[0] with { Luns = s.Arrays[0].Luns.Take(24).ToList() }],
            Faults =
            [
                new FaultSpec { Kind = FaultKind.Drop, Host = "host2", Fraction = 0.05, At = 60, Until = 400 },
                new FaultSpec { Kind = FaultKind.Flap, Host = "host3", HostPort = "hba1", At = 100, Period = 20, Count = 5 },
                new FaultSpec { Kind = FaultKind.LinkDown, Host = "host1", Controller = "A", At = 200, Until = 500 },
                new FaultSpec { Kind = FaultKind.Latency, Host = "host4", LatencyMs = 40000, At = 300, Until = 420 },
                new FaultSpec { Kind = FaultKind.ControllerDown, Controller = "B", At = 600, Until = 700 },
            ],
        };
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>The JSON of a run plus its timelines (which the JSON leaves out but the plot draws).</summary>
    private static string Text(RunResult run)
    {
        var text = new StringBuilder(JsonSerializer.Serialize(run, SimulationJsonContext.Readable.RunResult));
        foreach (var line in run.HostTimelines.Concat(run.LunTimelines))
        {
            text.Append('\n').Append(line.Label);
            foreach (var point in line.Points) text.Append(' ').Append(point.Time.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('=').Append(point.Value);
        }
        return text.ToString();
    }

    [Theory]
    [InlineData("immediate", "6535EDF5B212052B")]
    [InlineData("manual", "078257AC23455CC9")]
    [InlineData("followover", "830C58CF524BA115")]
    [InlineData("30", "CF0EFDFFA93ECFA3")]
    public void Slice_of_large_san_gives_the_recorded_output(string failback, string hash)
    {
        Assert.True(Failback.TryParse(failback, out var mode));
        Assert.Equal(hash, Hash(Text(new Simulator(Slice(), mode).Run())));
    }

    [Theory]
    [InlineData("seed", "61F7CF429EB11EA8")]
    [InlineData("auto-trespass", "B5FD4AD49796C3DE")]
    [InlineData("alua-implicit", "A2649E51A574932A")]
    public void Builtin_scenario_trace_is_the_recorded_one(string name, string hash)
    {
        using var stream = new MemoryStream();
        using (var trace = new JsonLinesTrace(stream))
        {
            ScenarioRunner.Run(BuiltinScenarios.Load(name), ScenarioRunner.DefaultModes, trace);
        }
        Assert.Equal(hash, Hash(Encoding.UTF8.GetString(stream.ToArray())));
    }
}
