using System.Globalization;
using Mpath.Core.Model;
using Mpath.Core.Planning;
using Mpath.Linux.Discovery;

namespace Mpath.Cli.Commands;

/// <summary>
/// What <c>mpath apply</c> prints, by verbosity as multipath's <c>-v</c>: 0 nothing; 1 the name of each map created or
/// reloaded; 2 (default) a <c>create:</c>/<c>reload:</c> line and the map's topology as set up; 3 first the paths
/// discovered (multipath's "paths list") and why each path without a map got none.
/// </summary>
internal sealed class ApplyOutput(TextWriter stdout, int verbosity)
{
    public const int Names = 1;
    public const int Topology = 2;
    public const int Paths = 3;

    /// <summary>-v3: every discovered path before anything is set up (priorities as planned; -1 for a path in no map).</summary>
    public void Discovered(IReadOnlyList<DiscoveredPath> found, PlanResult plan)
    {
        if (verbosity < Paths) return;
        var priorities = plan.Maps.SelectMany(m => m.Plan.Paths.Select((p, i) => (p.Dev, m.Plan.Priorities[i].Priority)))
            .ToDictionary(x => x.Dev, x => x.Priority, StringComparer.Ordinal);
        var rows = new List<string[]> { new[] { "uuid", "hcil", "dev", "dev_t", "pri", "dm_st", "chk_st", "vend/prod/rev", "dev_st" } };
        foreach (var discovered in found)
        {
            var path = discovered.Path;
            var described = discovered.Describe();
            rows.Add([
                path.Wwid.Length > 0 ? path.Wwid : "-", path.Hbtl, path.Dev, path.DevT,
                priorities.GetValueOrDefault(path.Dev, -1).ToString(CultureInfo.InvariantCulture),
                "undef", described.State?.ToCheckerStatusName() ?? "undef", $"{path.Vendor},{path.Product},{path.Revision}", discovered.DeviceState,
            ]);
        }
        stdout.WriteLine("===== paths list =====");
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows) stdout.WriteLine(string.Join(' ', row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        foreach (var skipped in plan.Skipped) stdout.WriteLine($"{skipped.Dev}: not multipathed: {skipped.Reason}");
    }

    /// <summary>One map created or reloaded (<paramref name="verb"/>), with its dm node (dm-N, or undef when not created).</summary>
    public void MapChanged(string verb, string name, string node, PlannedMap map, IReadOnlyDictionary<string, DiscoveredPath> found)
    {
        if (verbosity < Names) return;
        if (verbosity == Names)
        {
            stdout.WriteLine(name);
            return;
        }
        var plan = map.Plan;
        stdout.WriteLine($"{verb}: {name} ({plan.Wwid}) {node} {plan.Paths[0].Vendor},{plan.Paths[0].Product}");
        // As multipath prints a map it has just set up: the kernel's view (write protection, group and path states)
        // is not read back, so it shows as undef; checker states are known only for paths found down.
        TopologyText.WriteTree(stdout, plan.SizeSectors, plan.Features, plan.HardwareHandler, "undef", plan.Groups.Select(group =>
            new TopologyGroupLine(plan.PathSelector, group.Priority, "undef", group.PathIndexes.Select(i =>
            {
                var path = plan.Paths[i];
                var discovered = found.GetValueOrDefault(path.Dev);
                return new TopologyPathLine(path.Hbtl, path.Dev, path.DevT, "undef",
                    discovered?.Describe().State?.ToCheckerStatusName() ?? "undef", discovered?.DeviceState ?? "undef");
            }).ToList())).ToList());
    }
}
