using System.Globalization;
using Mpath.Simulation.Results;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Mpath.Cli.Commands;

/// <summary>The human output of <c>mpath sim</c>: the side-by-side verdict table, per-host detail and the verdict.</summary>
internal static class SimReport
{
    public static void Write(RunSet set, TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = ReferenceEquals(writer, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ReferenceEquals(writer, Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected) console.Profile.Width = 120;

        console.MarkupLine($"[bold]Scenario {Markup.Escape(set.Scenario)}[/]: {Markup.Escape(set.Description)}");
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{set.Hosts} hosts, {set.Luns} LUNs, {set.PathsPerLun} paths per LUN per host, {Num(set.Duration)} s simulated, seed {set.Seed}")));
        foreach (var f in set.Faults)
        {
            var window = f.End is { } end ? $"{Num(f.Start)} s to {Num(end)} s" : $"from {Num(f.Start)} s";
            console.MarkupLine($"  fault: {Markup.Escape(f.What)} ({window})");
        }
        console.WriteLine();
        console.Write(VerdictTable(set));
        console.Write(HostTable(set));
        console.WriteLine();
        console.Write(new Panel(new Text(set.Verdict)) { Header = new PanelHeader("Verdict"), Border = BoxBorder.Rounded, Expand = true });
    }

    private static Table VerdictTable(RunSet set)
    {
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle("Failback modes compared") };
        table.AddColumn("");
        foreach (var run in set.Runs) table.AddColumn(new TableColumn($"[bold]{Markup.Escape(VerdictText.ModeLabel(run.Failback))}[/]").RightAligned());
        void Row(string label, Func<RunResult, IRenderable> cell) => table.AddRow(new IRenderable[] { new Markup(label) }.Concat(set.Runs.Select(cell)));
        Row("Ownership moves per LUN (max)", r => Cell($"{Num(r.MovesPerLun)} ({r.MaxMovesPerLun})", r.PingPongEpisodes > 0 ? "red" : null));
        Row("Ping-pong episodes (simulator)", r => Cell(Int(r.PingPongEpisodes), r.PingPongEpisodes > 0 ? "red" : "green"));
        Row("Ping-pong warnings (engine)", r => Cell(Int(r.EnginePingPongWarnings), r.EnginePingPongWarnings > 0 ? "yellow" : null));
        Row("I/O errors to applications", r => Cell(r.IoErrors.ToString(CultureInfo.InvariantCulture), r.IoErrors > 0 ? "red" : "green"));
        Row("I/O stall, all hosts (s)", r => Cell(Num(r.StallTotal), null));
        Row("Worst single stall (s)", r => Cell(Num(r.StallWorst), null));
        Row("Off the default owner per LUN (s)", r => Cell(Num(r.OffPreferredSecondsPerLun), null));
        Row("Failback after repair", r => r.RepairAt is null
            ? Cell("-", null)
            : r.FailbackLatency is { } l ? Cell($"{Num(l)} s", "green") : Cell("never", "yellow"));
        Row("Group switches: engine / kernel", r => Cell($"{r.EngineSwitches} / {r.KernelSwitches}", null));
        return table;
    }

    private static Table HostTable(RunSet set)
    {
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle("Per host: I/O stall total / worst (s), group switches engine / kernel") };
        table.AddColumn("Host");
        foreach (var run in set.Runs) table.AddColumn(new TableColumn(Markup.Escape(VerdictText.ModeLabel(run.Failback))).RightAligned());
        var hosts = set.Runs[0].Hosts;
        const int MaxRows = 16;
        for (var i = 0; i < Math.Min(hosts.Count, MaxRows); i++)
        {
            var index = i;
            table.AddRow(new IRenderable[] { new Text(hosts[i].Name) }.Concat(set.Runs.Select(r =>
            {
                var h = r.Hosts[index];
                return (IRenderable)new Text($"{Num(h.StallTotal)} / {Num(h.StallWorst)}  sw {h.EngineSwitches}/{h.KernelSwitches}" + (h.IoErrors > 0 ? $"  err {h.IoErrors}" : ""));
            })));
        }
        if (hosts.Count > MaxRows) table.AddRow(new Text($"... {hosts.Count - MaxRows} more (see --json)"));
        return table;
    }

    private static Markup Cell(string text, string? colour) =>
        new(colour is null ? Markup.Escape(text) : $"[{colour}]{Markup.Escape(text)}[/]");

    private static string Num(double v) => VerdictText.Number(Math.Round(v, 1));

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);
}
