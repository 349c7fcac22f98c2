using Mpath.Core.Topology.DeviceMapper;

namespace Mpath.Core.Planning;

/// <summary>A dm device as the kernel reports it: name, uuid, and its live table (one line per target).</summary>
/// <param name="Targets">The live table's targets: start, length, type and parameters of each.</param>
public sealed record LiveMap(string Name, string Uuid, IReadOnlyList<LiveTarget> Targets);

/// <summary>One target line of a live table.</summary>
public sealed record LiveTarget(long Start, long Length, string TargetType, string Parameters);

public enum MapChange
{
    /// <summary>No dm device carries the map's uuid: create it under the planned name.</summary>
    Create,
    /// <summary>The map exists but its live table differs from the planned one: load the planned table.</summary>
    Reload,
    /// <summary>The map exists with an equivalent table: nothing to do.</summary>
    Unchanged,
}

/// <summary>What to do with one planned map.</summary>
/// <param name="Name">The dm name to use: the planned one for a create, the existing device's for a reload (maps are never renamed).</param>
/// <param name="Reason">Why (for reloads: the first difference found).</param>
public sealed record MapReconciliation(MapChange Change, string Name, PlannedMap Map, string Reason)
{
    public string Uuid => MapReconciler.UuidFor(Map.Plan.Wwid);
}

/// <summary>
/// The decision <c>mpath apply</c> makes per planned map: create, reload or leave alone. Existing maps are
/// found by uuid (<c>mpath-</c> + WWID), not by name, so a map keeps whatever name it was created with.
/// Tables are compared as dm-multipath semantics, not as text, because the kernel echoes a table
/// differently from how it was loaded (see <see cref="TableDifference"/>).
/// </summary>
public static class MapReconciler
{
    public static string UuidFor(string wwid) => MapNamespace.Default.UuidFor(wwid);

    public static IReadOnlyList<MapReconciliation> Reconcile(IReadOnlyList<PlannedMap> planned, IReadOnlyList<LiveMap> live)
    {
        var byUuid = new Dictionary<string, LiveMap>(StringComparer.Ordinal);
        foreach (var map in live)
        {
            if (map.Uuid.Length > 0)
                byUuid.TryAdd(map.Uuid, map);
        }
        return planned.Select(map => byUuid.TryGetValue(UuidFor(map.Plan.Wwid), out var existing)
            ? Compare(map, existing)
            : new MapReconciliation(MapChange.Create, map.Plan.Name, map, "no map with this WWID")).ToList();
    }

    private static MapReconciliation Compare(PlannedMap map, LiveMap existing)
    {
        var difference = Difference(map, existing);
        return difference is null
            ? new MapReconciliation(MapChange.Unchanged, existing.Name, map, "table unchanged")
            : new MapReconciliation(MapChange.Reload, existing.Name, map, difference);
    }

    private static string? Difference(PlannedMap map, LiveMap existing)
    {
        if (existing.Targets.Count != 1)
            return $"live table has {existing.Targets.Count} targets";
        var target = existing.Targets[0];
        if (target.TargetType != "multipath")
            return $"live target is {target.TargetType}";
        if (target.Length != map.Plan.SizeSectors)
            return $"size changed from {target.Length} to {map.Plan.SizeSectors} sectors";
        var parsed = DmTable.Parse(target.Parameters);
        return parsed.Value is null ? $"live table unreadable: {parsed.Error}" : TableDifference(map.Plan.Table, parsed.Value);
    }

    /// <summary>
    /// The first difference that matters between a wanted table and the live one, or null when they are
    /// equivalent. Not compared: the initial group (the kernel echoes its current group there), the
    /// hardware handler (current kernels keep the handler attached to the devices whatever the table
    /// says, and echo that one), the <c>retain_attached_hw_handler</c> feature (always on), and path
    /// arguments the kernel adds after the loaded ones (service-time echoes a relative throughput).
    /// </summary>
    public static string? TableDifference(DmTable wanted, DmTable live)
    {
        var wantedFeatures = FeatureItems(wanted.Features);
        var liveFeatures = FeatureItems(live.Features);
        if (!wantedFeatures.SetEquals(liveFeatures))
            return $"features changed from '{DmWordList.Format(live.Features)}' to '{DmWordList.Format(wanted.Features)}'";
        if (wanted.Groups.Count != live.Groups.Count)
            return $"path group count changed from {live.Groups.Count} to {wanted.Groups.Count}";
        for (var g = 0; g < wanted.Groups.Count; g++)
        {
            var (w, l) = (wanted.Groups[g], live.Groups[g]);
            if (w.Selector != l.Selector || !w.SelectorArguments.SequenceEqual(l.SelectorArguments, StringComparer.Ordinal))
                return $"group {g + 1}: path selector changed from '{l.Selector}' to '{w.Selector}'";
            var wantedDevices = w.Paths.Select(p => p.Device);
            var liveDevices = l.Paths.Select(p => p.Device);
            if (!wantedDevices.SequenceEqual(liveDevices, StringComparer.Ordinal))
                return $"group {g + 1}: paths changed from [{string.Join(' ', liveDevices)}] to [{string.Join(' ', wantedDevices)}]";
            for (var p = 0; p < w.Paths.Count; p++)
            {
                var wantedArgs = w.Paths[p].Arguments;
                var liveArgs = l.Paths[p].Arguments;
                if (liveArgs.Count < wantedArgs.Count || !liveArgs.Take(wantedArgs.Count).SequenceEqual(wantedArgs, StringComparer.Ordinal))
                    return $"group {g + 1}: arguments of {w.Paths[p].Device} changed from '{string.Join(' ', liveArgs)}' to '{string.Join(' ', wantedArgs)}'";
            }
        }
        return null;
    }

    /// <summary>Features as a set of items, each a keyword with its value (the kernel prints them in its own order).</summary>
    private static HashSet<string> FeatureItems(IReadOnlyList<string> words)
    {
        var items = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word is "pg_init_retries" or "pg_init_delay_msecs" or "queue_mode" && i + 1 < words.Count)
                word += " " + words[++i];
            // Always on in current kernels; request-based (mq) is the default queue mode, echoed or not.
            if (word is "retain_attached_hw_handler" or "queue_mode mq" or "queue_mode rq")
                continue;
            items.Add(word);
        }
        return items;
    }
}
