using System.Globalization;
using Mpath.Core.Model;
using Mpath.Core.Topology.DeviceMapper;
using Mpath.Core.Topology.Grouping;
using Mpath.Core.Topology.Naming;
using Mpath.Core.Topology.Prioritizers;

namespace Mpath.Core.Topology;

/// <summary>
/// Turns discovered paths into planned maps, as multipath-tools' coalesce_paths does: paths
/// are gathered by WWID (maps in order of their first path), filtered by find_multipaths,
/// prioritized, grouped, ordered, named, and rendered as a dm table.
/// </summary>
public static class MapAssembler
{
    public const string QueueIfNoPath = "queue_if_no_path";
    public const string RetainAttachedHwHandler = "retain_attached_hw_handler";

    /// <param name="settingsFor">Settings per path; the map's own settings are those of its first path.</param>
    public static AssemblyResult Assemble(
        IReadOnlyList<PathInfo> paths,
        Func<PathInfo, MapSettings> settingsFor,
        MapNamer namer,
        MapAssemblyOptions? options = null)
    {
        options ??= new MapAssemblyOptions();
        var random = options.Random ?? new Random(0);
        var skipped = new List<SkippedDevice>();
        var byWwid = new Dictionary<string, List<PathInfo>>(StringComparer.Ordinal);
        var wwidOrder = new List<string>();

        foreach (var path in paths)
        {
            var reason = string.IsNullOrEmpty(path.Wwid) ? "no WWID" : options.BlacklistReason?.Invoke(path);
            if (reason is null && options.StateOf?.Invoke(path) == CheckerState.Removed)
                reason = "path removed";
            if (reason is null && string.IsNullOrEmpty(path.DevT))
                reason = "dev_t not set";
            if (reason is not null)
            {
                skipped.Add(new SkippedDevice(path.Dev, reason, path.Wwid));
                continue;
            }
            if (!byWwid.TryGetValue(path.Wwid, out var members))
            {
                members = [];
                byWwid.Add(path.Wwid, members);
                wwidOrder.Add(path.Wwid);
            }
            members.Add(path);
        }

        var maps = new List<MapPlan>();
        foreach (var wwid in wwidOrder)
        {
            var members = byWwid[wwid];
            var (rejection, held) = Reject(wwid, members, options);
            if (rejection is not null)
            {
                skipped.AddRange(members.Select(p => new SkippedDevice(p.Dev, rejection, wwid, held)));
                continue;
            }
            maps.Add(Plan(wwid, members, settingsFor, namer, options, random));
        }
        return new AssemblyResult(maps, skipped);
    }

    /// <summary>Why the WWID gets no map (null: it gets one), and whether find_multipaths smart holds its paths.</summary>
    private static (string? Reason, bool Held) Reject(string wwid, List<PathInfo> members, MapAssemblyOptions options)
    {
        // off and greedy take everything: the facts (a map lookup in the daemon) are not even gathered.
        if (options.FindMultipaths is not (FindMultipathsMode.Off or FindMultipathsMode.Greedy))
        {
            var mapExists = options.MapExists?.Invoke(wwid) ?? false;
            if (!(mapExists && options.ExistingMapsAlwaysCount))
            {
                var decision = FindMultipaths.Decide(options.FindMultipaths, new FindMultipathsFacts(
                    options.Wwids.Contains(wwid),
                    members.Count,
                    mapExists,
                    options.SmartTimeoutExpired?.Invoke(wwid) ?? false,
                    options.ReleasedToSystem?.Invoke(wwid) ?? false));
                if (decision.Verdict != FindMultipathsVerdict.Multipath)
                    return (decision.Reason, decision.Verdict == FindMultipathsVerdict.Wait);
            }
        }
        // One path of another size means the WWID is not trustworthy: multipath-tools rejects the whole map.
        var size = members.Select(p => p.SizeSectors).FirstOrDefault(s => s != 0);
        var odd = members.FirstOrDefault(p => p.SizeSectors != 0 && p.SizeSectors != size);
        return (odd is null ? null : $"size mismatch: {odd.Dev} has {odd.SizeSectors} sectors, expected {size}", false);
    }

    private static MapPlan Plan(string wwid, List<PathInfo> members, Func<PathInfo, MapSettings> settingsFor, MapNamer namer, MapAssemblyOptions options, Random random)
    {
        var settings = settingsFor(members[0]);
        var priorities = new List<PathPriority>(members.Count);
        var grouping = new List<GroupingPath>(members.Count);
        foreach (var path in members)
        {
            var given = options.PriorityOf?.Invoke(path);
            var priority = given is int fixedPriority
                ? new PathPriority("given", fixedPriority, null)
                : ComputePriority(path, path == members[0] ? settings : settingsFor(path), random);
            priorities.Add(priority);
            grouping.Add(new GroupingPath(path, priority.Priority, options.StateOf?.Invoke(path) ?? CheckerState.Up, options.IsMarginal?.Invoke(path) ?? false));
        }

        var rawGroups = PathGrouper.GroupAll(settings.PathGroupingPolicy, grouping, settings.MarginalPathGroups);
        var standings = rawGroups.Select(g => PathGroupOrdering.Standing(grouping, g)).ToList();
        var order = PathGroupOrdering.Order(standings);
        var groups = order.Select(i => new PathGroupPlan(standings[i].Priority, rawGroups[i], standings[i].EnabledPaths, standings[i].Marginal)).ToList();
        var initialGroup = BestGroupSelector.Select(order.Select(i => standings[i]).ToList());

        var (features, noPathRetry) = ResolveFeatures(settings);
        var handler = DmWordList.Parse(settings.HardwareHandler);
        var table = BuildTable(features, handler, initialGroup, groups, members, priorities, settings);
        var name = namer.Name(wwid, settings);
        var size = members.Select(p => p.SizeSectors).FirstOrDefault(s => s != 0);
        return new MapPlan(
            name.Name, name.Source, wwid, size, members, priorities, groups, initialGroup,
            DmWordList.Format(features), DmWordList.Format(handler), settings.PathSelector,
            settings.PathGroupingPolicy, settings.Failback, noPathRetry, table);
    }

    private static PathPriority ComputePriority(PathInfo path, MapSettings settings, Random random)
    {
        var (prio, args) = PrioritizerRegistry.Select(path, settings);
        return PrioritizerRegistry.Compute(prio, path, args, random);
    }

    /// <summary>
    /// The features as loaded: <c>queue_if_no_path</c> in the configured features only sets
    /// no_path_retry to queue when no_path_retry is unset, and is then re-added exactly when
    /// no_path_retry queues (queue or a retry count); <c>retain_attached_hw_handler</c> is dropped
    /// because every supported kernel retains the handler anyway.
    /// </summary>
    public static (IReadOnlyList<string> Features, NoPathRetry? NoPathRetry) ResolveFeatures(MapSettings settings)
    {
        var configured = DmWordList.Parse(settings.Features);
        var noPathRetry = settings.NoPathRetry ?? (configured.Contains(QueueIfNoPath) ? NoPathRetry.Queue : null);
        var features = DmWordList.Without(DmWordList.Without(configured, QueueIfNoPath), RetainAttachedHwHandler);
        if (noPathRetry is { Mode: not NoPathRetryMode.Fail })
            features = [.. features, QueueIfNoPath];
        return (features, noPathRetry);
    }

    private static DmTable BuildTable(
        IReadOnlyList<string> features, IReadOnlyList<string> handler, int initialGroup,
        List<PathGroupPlan> groups, List<PathInfo> paths, List<PathPriority> priorities, MapSettings settings)
    {
        var (selector, selectorArgs) = ParseSelector(settings.PathSelector);
        var tableGroups = groups.Select(group => new DmTableGroup(
            selector,
            selectorArgs,
            1,
            group.PathIndexes.Select(i => new DmTablePath(paths[i].DevT, [RepeatCount(settings, priorities[i].Priority).ToString(CultureInfo.InvariantCulture)])).ToList())).ToList();
        return new DmTable(features, handler, groups.Count == 0 ? 0 : initialGroup, tableGroups);
    }

    /// <summary>The per-path repeat count: rr_min_io_rq, times the path's priority under rr_weight priorities.</summary>
    public static int RepeatCount(MapSettings settings, int priority) =>
        settings.RrWeight == RrWeight.Priorities && priority > 0 ? settings.RrMinIoRq * priority : settings.RrMinIoRq;

    /// <summary>Splits <c>service-time 0</c> into name and arguments; a missing count means no arguments.</summary>
    public static (string Name, IReadOnlyList<string> Arguments) ParseSelector(string pathSelector)
    {
        var words = pathSelector.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return ("service-time", []);
        var arguments = words.Length > 1 && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? words[2..] : words[1..];
        return (words[0], arguments);
    }
}
