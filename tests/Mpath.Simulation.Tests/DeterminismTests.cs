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
