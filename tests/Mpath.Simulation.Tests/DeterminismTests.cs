using System.Text.Json;
using Mpath.Simulation.Model;
using Mpath.Simulation.Results;

namespace Mpath.Simulation.Tests;

public class DeterminismTests
{
    private static string Json(Scenario s) =>
        JsonSerializer.Serialize(ScenarioRunner.Run(s, ScenarioRunner.DefaultModes), SimulationJsonContext.Readable.RunSet);

    [Theory]
    [InlineData("seed")]
    [InlineData("flapping")]
    [InlineData("auto-trespass")]
    public void Same_seed_same_output_byte_for_byte(string name)
    {
        var s = BuiltinScenarios.Load(name);
        Assert.Equal(Json(s), Json(s));
    }

    [Fact]
    public void Trace_is_identical_across_runs_and_names_engine_reasons()
    {
        static string Trace()
        {
            using var stream = new MemoryStream();
            using (var trace = new JsonLinesTrace(stream))
            {
                ScenarioRunner.Run(BuiltinScenarios.Load("seed"), [Mpath.Core.Model.Failback.Followover], trace);
            }
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
        var first = Trace();
        Assert.Equal(first, Trace());
        var lines = first.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            foreach (var field in new[] { "run", "time", "host", "lun", "what", "reason" }) Assert.True(doc.RootElement.TryGetProperty(field, out _), field);
        }
        Assert.Contains(lines, l => l.Contains("followover: hba", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ownership move B -> A", StringComparison.Ordinal));
    }
}

public class PartitionTests
{
    private static string Json(Mpath.Simulation.Results.RunResult r) =>
        JsonSerializer.Serialize(r, SimulationJsonContext.Readable.RunResult);

    public static TheoryData<string> Scenarios() => new(["seed", "flapping", "rolling-upgrade", "auto-trespass", "alua-implicit"]);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Lun_partitions_add_up_to_the_single_run(string name)
    {
        var s = BuiltinScenarios.Load(name);
        foreach (var mode in ScenarioRunner.DefaultModes)
        {
            var single = Json(new Simulator(s, mode).Run());
            Assert.Equal(single, Json(Simulator.RunPartitioned(s, mode, 2)));
            Assert.Equal(single, Json(Simulator.RunPartitioned(s, mode, 3)));
        }
    }

    [Fact]
    public void Partitioned_run_with_faults_of_every_kind_matches()
    {
        // A slice of large-san: every fault kind, including dropped I/O (seeded per map).
        var s = GoldenOutputTests.Slice() with { Duration = 900 };
        var single = new Simulator(s, Mpath.Core.Model.Failback.Followover).Run();
        Assert.True(single.OwnershipMoves > 0);
        Assert.Equal(Json(single), Json(Simulator.RunPartitioned(s, Mpath.Core.Model.Failback.Followover, 4)));
    }
}
