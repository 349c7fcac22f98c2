using System.Globalization;
using System.Text.Json;
using Mpath.Core.Model;
using Mpath.Core.Planning;

namespace Mpath.Cli.Commands;

/// <summary>Reads a topology description (DESIGN.md §4) into described paths and an optional what-if timeline.</summary>
internal static class TopologyReader
{
    public sealed record Topology(IReadOnlyList<DescribedPath> Paths, WhatIfTimeline? Timeline);

    /// <summary>Parses the JSON text. Problems are returned as messages (each naming the path or event), never thrown.</summary>
    public static (Topology? Topology, IReadOnlyList<string> Errors) Read(string json)
    {
        TopologyInputJson? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, PlanJsonContext.Default.TopologyInputJson);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is long line ? $"line {line + 1}: " : "";
            return (null, [$"{where}invalid JSON: {e.Message}"]);
        }
        var errors = new List<string>();
        if (doc?.Paths is null)
        {
            return (null, ["\"paths\" is missing: the topology needs a list of paths"]);
        }
        var paths = new List<DescribedPath>();
        for (var i = 0; i < doc.Paths.Count; i++)
        {
            var p = doc.Paths[i];
            var label = $"paths[{i}]{(p.Dev is null ? "" : $" ({p.Dev})")}";
            if (string.IsNullOrWhiteSpace(p.Dev)) { errors.Add($"{label}: \"dev\" is required"); continue; }
            AluaInfo? alua = null;
            if (p.Alua is not null)
            {
                if (TryAluaState(p.Alua.State, out var state)) alua = new AluaInfo(p.Alua.Tpg, state, p.Alua.Pref);
                else errors.Add($"{label}: alua.state must be active/optimized, active/non-optimized, standby, unavailable, lba-dependent, offline, transitioning or the SPC-4 number");
            }
            CheckerState? checker = null;
            if (p.State is not null)
            {
                if (TryCheckerState(p.State, out var s)) checker = s;
                else errors.Add($"{label}: state must be up, down, ghost or shaky");
            }
            var info = new PathInfo(p.Dev, p.DevT ?? "", p.Hbtl ?? "", p.Vendor ?? "", p.Product ?? "", p.Revision ?? "", p.Wwid ?? "",
                p.Serial ?? "", p.TargetNodeName ?? "", p.Protocol ?? "scsi:unspec", p.SizeSectors, alua);
            paths.Add(new DescribedPath(info, p.Prio, checker));
        }
        var timeline = doc.Timeline is null ? null : ReadTimeline(doc.Timeline, paths, errors);
        return errors.Count > 0 ? (null, errors) : (new Topology(paths, timeline), errors);
    }

    private static WhatIfTimeline ReadTimeline(TimelineJson t, List<DescribedPath> paths, List<string> errors)
    {
        var devs = paths.Select(p => p.Path.Dev).ToHashSet(StringComparer.Ordinal);
        var events = new List<WhatIfEvent>();
        if (t.End <= 0) errors.Add("timeline.end must be a positive number of seconds");
        foreach (var (e, i) in (t.Events ?? []).Select((e, i) => (e, i)))
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"timeline.events[{i}] (t={e.T})");
            if (e.Dev is null || !devs.Contains(e.Dev)) { errors.Add($"{label}: \"dev\" must name a path of the topology"); continue; }
            if (e.T < 0) { errors.Add($"{label}: t must not be negative"); continue; }
            if (e.Checker is not null && e.Kernel is null)
            {
                if (TryCheckerState(e.Checker, out var state)) events.Add(new CheckerReports(e.T, e.Dev, state));
                else errors.Add($"{label}: checker must be up, down, ghost or shaky");
            }
            else if (e.Kernel is not null && e.Checker is null)
            {
                if (e.Kernel == "fail") events.Add(new KernelFails(e.T, e.Dev));
                else errors.Add($"{label}: the only kernel event is \"fail\"");
            }
            else
            {
                errors.Add($"{label}: an event has exactly one of \"checker\" or \"kernel\"");
            }
        }
        return new WhatIfTimeline(t.End, events);
    }

    private static bool TryCheckerState(string text, out CheckerState state)
    {
        state = text switch
        {
            // Checker words, and the device states `mpath discover --json` writes, so its output can be planned as is.
            "up" or "ready" or "running" => CheckerState.Up,
            "down" or "faulty" or "offline" or "transport-offline" => CheckerState.Down,
            "ghost" => CheckerState.Ghost,
            "shaky" => CheckerState.Shaky,
            _ => CheckerState.Wild,
        };
        return state != CheckerState.Wild;
    }

    private static bool TryAluaState(JsonElement element, out AluaAccessState state)
    {
        state = default;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var n) && Enum.IsDefined((AluaAccessState)n))
        {
            state = (AluaAccessState)n;
            return true;
        }
        if (element.ValueKind != JsonValueKind.String) return false;
        switch (element.GetString()?.ToLowerInvariant())
        {
            case "active/optimized" or "ao" or "optimized": state = AluaAccessState.ActiveOptimized; return true;
            case "active/non-optimized" or "ano" or "non-optimized": state = AluaAccessState.ActiveNonOptimized; return true;
            case "standby" or "sb": state = AluaAccessState.Standby; return true;
            case "unavailable": state = AluaAccessState.Unavailable; return true;
            case "lba-dependent": state = AluaAccessState.LbaDependent; return true;
            case "offline": state = AluaAccessState.Offline; return true;
            case "transitioning": state = AluaAccessState.Transitioning; return true;
            default: return false;
        }
    }
}
