using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mpath.Core.Planning;

namespace Mpath.Cli.Commands;

/// <summary><c>mpath plan --topology FILE.json [--config FILE] [--json]</c>: the offline dry run of map assembly.</summary>
internal static class PlanCommand
{
    public static Command Build()
    {
        var topology = new Option<string>("--topology")
        {
            Description = "JSON description of the paths (dev, devt, hbtl, vendor, product, revision, wwid, serial, tgt_node_name, " +
                          "protocol, size_sectors, optional prio, alua {tpg,state,pref}, state) and an optional what-if \"timeline\".",
            HelpName = "FILE.json",
            Required = true,
        };
        var config = ConfigFileLoading.ConfigOption();
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text." };
        var command = new Command("plan",
            "Show, without touching the system, which maps, path groups, priorities and dm tables the described paths would " +
            "produce, and which devices would be skipped and why. With a timeline, also replay it through the engine and " +
            "report when it would fail back. Exit 0 when at least one map results, 1 on bad input or when none does.");
        command.Options.Add(topology);
        command.Options.Add(config);
        command.Options.Add(json);
        command.SetAction(parse => Run(parse.GetValue(topology)!, parse.GetValue(config), parse.GetValue(json),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string topologyFile, string? configFile, bool asJson, TextWriter stdout, TextWriter stderr)
    {
        string text;
        try
        {
            text = File.ReadAllText(topologyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"mpath plan: cannot read {topologyFile}: {e.Message}");
            return ExitCodes.Problem;
        }
        var (topology, errors) = TopologyReader.Read(text);
        if (topology is null)
        {
            foreach (var error in errors) stderr.WriteLine($"{topologyFile}: error: {error}");
            return ExitCodes.Problem;
        }
        var (loaded, missing) = ConfigFileLoading.Load(configFile);
        if (missing is not null)
        {
            stderr.WriteLine($"mpath plan: configuration file {missing} not found");
            return ExitCodes.Problem;
        }
        foreach (var d in loaded.Diagnostics) stderr.WriteLine(d.ToString());

        var result = MapPlanner.Plan(loaded.Config, topology.Paths);
        var report = new PlanReportJson(
            result.Maps.Select(m => ToJson(m, topology.Timeline)).ToList(),
            result.Skipped.Select(s => new SkippedJson(s.Dev, s.Reason)).ToList());
        if (asJson) stdout.WriteLine(JsonSerializer.Serialize(report, PlanJsonContext.Default.PlanReportJson));
        else WriteText(report, stdout);
        return report.Maps.Count > 0 ? ExitCodes.Ok : ExitCodes.Problem;
    }

    private static PlanMapJson ToJson(PlannedMap map, WhatIfTimeline? timeline)
    {
        var plan = map.Plan;
        IReadOnlyList<double>? failbacks = null;
        if (timeline is not null)
        {
            var devs = plan.Paths.Select(p => p.Dev).ToHashSet(StringComparer.Ordinal);
            var mine = new WhatIfTimeline(timeline.End, timeline.Events.Where(e => devs.Contains(e.Dev)).ToList());
            failbacks = WhatIfReplay.Run(plan.Name, map.EnginePaths(), map.Policy, mine, plan.InitialGroup).Failbacks;
        }
        return new PlanMapJson(
            plan.Name, plan.Wwid, plan.Features, plan.HardwareHandler,
            map.Attributes.PathGroupingPolicy, plan.PathSelector, plan.Failback.ToString(),
            (plan.NoPathRetry ?? Core.Model.NoPathRetry.Fail).ToString(),
            plan.Groups.Select((g, i) => new PlanGroupJson(g.Priority, plan.GroupDevices()[i])).ToList(),
            plan.TableParameters, failbacks);
    }

    private static void WriteText(PlanReportJson report, TextWriter o)
    {
        foreach (var m in report.Maps)
        {
            o.WriteLine($"{m.Name} ({m.Wwid})");
            o.WriteLine($"  features='{m.Features}' hwhandler='{m.HardwareHandler}' path_grouping_policy={m.PathGroupingPolicy} " +
                        $"path_selector='{m.PathSelector}' failback={m.Failback} no_path_retry={m.NoPathRetry}");
            for (var i = 0; i < m.PathGroups.Count; i++)
            {
                var g = m.PathGroups[i];
                o.WriteLine($"  {(i == m.PathGroups.Count - 1 ? '`' : '|')}-+- group {i + 1} prio={g.Priority}: {string.Join(' ', g.Paths)}");
            }
            o.WriteLine($"  table: {m.Table}");
            if (m.Failbacks is not null)
            {
                o.WriteLine(m.Failbacks.Count == 0
                    ? "  what-if: the engine never fails back"
                    : $"  what-if: the engine fails back at {string.Join(", ", m.Failbacks.Select(s => s.ToString("0.#", CultureInfo.InvariantCulture) + " s"))}");
            }
        }
        foreach (var s in report.Skipped) o.WriteLine($"skipped {s.Dev}: {s.Reason}");
        if (report.Maps.Count == 0) o.WriteLine("no map would be created");
    }
}
