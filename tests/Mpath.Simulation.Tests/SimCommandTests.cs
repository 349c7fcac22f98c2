using System.Text.Json;
using Mpath.Cli;

namespace Mpath.Simulation.Tests;

/// <summary><c>mpath sim</c> through the same entry point the binary uses.</summary>
public class SimCommandTests
{
    private static (int Rc, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var rc = MpathCommandLine.Run(args, stdout, stderr);
        return (rc, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void No_argument_compares_the_four_failback_modes_on_the_seed_scenario()
    {
        var (rc, output, _) = Run("sim");
        Assert.Equal(0, rc);
        Assert.Contains("Scenario seed", output);
        Assert.Contains("Failback modes compared", output);
        foreach (var mode in new[] { "immediate", "manual", "followover", "deferred 30 s" }) Assert.Contains(mode, output);
        Assert.Matches(@"Ownership moves per LUN \(max\)\s*│\s*\d+ \(\d+\)\s*│\s*1 \(1\)\s*│\s*2 \(2\)", output);
        Assert.Contains("Best here: followover", output);
    }

    [Fact]
    public void List_names_every_built_in_scenario_once()
    {
        var (rc, output, _) = Run("sim", "--list");
        Assert.Equal(0, rc);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Mpath.Simulation.Model.BuiltinScenarios.Names, lines.Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public void Json_is_valid_and_carries_every_run()
    {
        var (rc, output, _) = Run("sim", "--json");
        Assert.Equal(0, rc);
        using var doc = JsonDocument.Parse(output);
        var runs = doc.RootElement.GetProperty("runs");
        Assert.Equal(4, runs.GetArrayLength());
        var followover = runs.EnumerateArray().Single(r => r.GetProperty("failback").GetString() == "followover");
        Assert.Equal(2, followover.GetProperty("moves_per_lun").GetDouble());
        Assert.Equal(0, followover.GetProperty("io_errors").GetInt64());
        Assert.Equal(JsonValueKind.Number, followover.GetProperty("failback_latency").ValueKind);
        var manual = runs.EnumerateArray().Single(r => r.GetProperty("failback").GetString() == "manual");
        Assert.Equal(JsonValueKind.Null, manual.GetProperty("failback_latency").ValueKind);
        Assert.Equal(4, manual.GetProperty("hosts").GetArrayLength());
    }

    [Fact]
    public void Failback_option_selects_the_modes_to_compare()
    {
        var (rc, output, _) = Run("sim", "controller-reboot", "--failback", "manual,followover", "--json");
        Assert.Equal(0, rc);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(["manual", "followover"], doc.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("failback").GetString()));
        Assert.Equal("controller-reboot", doc.RootElement.GetProperty("scenario").GetString());
    }

    [Fact]
    public void Bad_failback_mode_is_a_usage_error()
    {
        var (rc, _, error) = Run("sim", "--failback", "sometimes");
        Assert.Equal(2, rc);
        Assert.Contains("bad mode 'sometimes'", error);
    }

    [Fact]
    public void Invalid_scenario_file_exits_1_with_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mpath-sim-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: broken\narrays: []\nhosts: []\nwidgets: 3\n");
        try
        {
            var (rc, _, error) = Run("sim", path);
            Assert.Equal(1, rc);
            Assert.Contains($"{path}:4: error: unknown field 'widgets'", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unknown_scenario_name_exits_1()
    {
        var (rc, _, error) = Run("sim", "no-such-scenario");
        Assert.Equal(1, rc);
        Assert.Contains("no-such-scenario:1: error:", error);
    }

    [Fact]
    public void Plot_and_trace_files_are_written()
    {
        var dir = Directory.CreateTempSubdirectory("mpath-sim-");
        try
        {
            var svg = Path.Combine(dir.FullName, "x.svg");
            var trace = Path.Combine(dir.FullName, "t.jsonl");
            var (rc, output, _) = Run("sim", "--plot", svg, "--trace", trace);
            Assert.Equal(0, rc);
            Assert.Contains("Plot written to", output);
            var text = File.ReadAllText(svg);
            Assert.StartsWith("<svg", text);
            Assert.EndsWith("</svg>\n", text);
            // One panel per failback mode, with a row per host and per LUN.
            foreach (var mode in new[] { "failback immediate", "failback manual", "failback followover", "failback deferred 30 s" }) Assert.Contains(mode, text);
            Assert.Contains("owner of lun4", text);
            var lines = File.ReadAllLines(trace);
            Assert.NotEmpty(lines);
            Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
            Assert.Equal(["immediate", "manual", "followover", "30"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("run").GetString()).Distinct());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
