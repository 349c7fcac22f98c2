using System.CommandLine;
using System.Text.Json;
using Mpath.Core.Model;
using Mpath.Simulation;
using Mpath.Simulation.Model;
using Mpath.Simulation.Plotting;
using Mpath.Simulation.Results;
using Spectre.Console;

namespace Mpath.Cli.Commands;

/// <summary><c>mpath sim [SCENARIO] [--failback MODE,...] [--json] [--plot FILE] [--trace FILE] [--list]</c>.</summary>
internal static class SimCommand
{
    public static Command Build()
    {
        var command = new Command("sim",
            "Simulate a SAN of hosts sharing storage arrays, each host running the real path-management engine. With no " +
            "scenario: the built-in 'seed' scenario (shared active/passive LUNs, one host loses its paths) under each failback mode.");
        var scenario = new Argument<string?>("SCENARIO") { Arity = ArgumentArity.ZeroOrOne, Description = "A built-in scenario name (see --list) or a YAML/JSON scenario file." };
        var failback = new Option<string?>("--failback") { Description = "Failback modes to compare, comma-separated: immediate, manual, followover or seconds (deferred)." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var plot = new Option<FileInfo?>("--plot") { Description = "Write an SVG timeline (one panel per failback mode) to FILE." };
        var trace = new Option<FileInfo?>("--trace") { Description = "Write every simulation event as one JSON line to FILE." };
        var list = new Option<bool>("--list") { Description = "List the built-in scenarios." };
        command.Arguments.Add(scenario);
        command.Options.Add(failback);
        command.Options.Add(json);
        command.Options.Add(plot);
        command.Options.Add(trace);
        command.Options.Add(list);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            if (parse.GetValue(list))
            {
                PrintList(stdout);
                return ExitCodes.Ok;
            }
            var name = parse.GetValue(scenario);
            if (!TryParseModes(parse.GetValue(failback), out var modes, out var bad))
            {
                stderr.WriteLine($"mpath: --failback: bad mode '{bad}' (immediate, manual, followover or a number of seconds)");
                return ExitCodes.Usage;
            }
            Scenario loaded;
            try
            {
                loaded = BuiltinScenarios.LoadNamedOrFile(name ?? "seed");
            }
            catch (ScenarioException e)
            {
                foreach (var error in e.Errors) stderr.WriteLine(error);
                return ExitCodes.Problem;
            }
            if (name is null && modes.Count == 0) modes = ScenarioRunner.DefaultModes;
            var asJson = parse.GetValue(json);
            return Run(loaded, modes, asJson, parse.GetValue(plot), parse.GetValue(trace), stdout, stderr);
        });
        return command;
    }

    private static int Run(Scenario scenario, IReadOnlyList<Failback> modes, bool asJson, FileInfo? plot, FileInfo? tracePath, TextWriter stdout, TextWriter stderr)
    {
        RunSet set;
        JsonLinesTrace? trace = null;
        try
        {
            if (tracePath is not null) trace = new JsonLinesTrace(tracePath.Open(FileMode.Create, FileAccess.Write));
            set = RunWithProgress(scenario, modes, trace, showProgress: !asJson && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
        }
        catch (IOException e)
        {
            stderr.WriteLine($"mpath: {tracePath?.FullName}: {e.Message}");
            return ExitCodes.Problem;
        }
        finally
        {
            trace?.Dispose();
        }
        if (plot is not null)
        {
            try
            {
                File.WriteAllText(plot.FullName, TimelinePlot.Render(set));
            }
            catch (IOException e)
            {
                stderr.WriteLine($"mpath: {plot.FullName}: {e.Message}");
                return ExitCodes.Problem;
            }
        }
        if (asJson)
        {
            stdout.WriteLine(JsonSerializer.Serialize(set, SimulationJsonContext.Readable.RunSet));
            return ExitCodes.Ok;
        }
        SimReport.Write(set, stdout);
        if (plot is not null) stdout.WriteLine($"Plot written to {plot.FullName}");
        return ExitCodes.Ok;
    }

    /// <summary>A progress bar on stderr for runs big enough to take a while, only on a terminal.</summary>
    private static RunSet RunWithProgress(Scenario scenario, IReadOnlyList<Failback> modes, ITraceSink? trace, bool showProgress)
    {
        var runs = Math.Max(1, modes.Count > 0 ? modes.Count : scenario.FailbackModes.Count);
        var paths = scenario.Hosts.Sum(h => h.Ports) * (double)scenario.Arrays.Sum(a => a.Luns.Count * a.Controllers.Count);
        var checks = runs * paths * scenario.Duration / Math.Max(1, scenario.Hosts.Average(h => h.Settings.MaxPollingInterval));
        if (!showProgress || checks < 2_000_000) return ScenarioRunner.Run(scenario, modes, trace);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        RunSet? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"simulating {scenario.Name}", maxValue: 1);
                result = ScenarioRunner.Run(scenario, modes, trace, f => task.Value = f);
                task.Value = 1;
            });
        return result!;
    }

    internal static bool TryParseModes(string? text, out IReadOnlyList<Failback> modes, out string? bad)
    {
        var list = new List<Failback>();
        modes = list;
        bad = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Failback.TryParse(item, out var mode))
            {
                bad = item;
                return false;
            }
            list.Add(mode);
        }
        return true;
    }

    private static void PrintList(TextWriter stdout)
    {
        foreach (var name in BuiltinScenarios.Names)
        {
            var s = BuiltinScenarios.Load(name);
            var description = s.Description.ReplaceLineEndings(" ");
            stdout.WriteLine($"{name,-18} {description}");
        }
    }
}
