using Mpath.Core.Config.Sections;
using Mpath.Core.Config.Blacklisting;
using Mpath.Core.Config.Resolution;
using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Core.Topology;
using Mpath.Core.Topology.Naming;

namespace Mpath.Core.Planning;

/// <summary>A path as a topology description gives it: what discovery would find, plus optional fixed facts.</summary>
/// <param name="Priority">A priority to use instead of running the configured prioritizer.</param>
/// <param name="State">The path's checker state when the plan is made (up when not given).</param>
/// <param name="AttachedHardwareHandler">The device handler the kernel attached to the path (sysfs dh_state), if any.</param>
public sealed record DescribedPath(PathInfo Path, int? Priority = null, CheckerState? State = null, string? AttachedHardwareHandler = null);

/// <summary>A planned map with the policy the engine would run it with.</summary>
public sealed record PlannedMap(MapPlan Plan, MapPolicy Policy, ResolvedAttributes Attributes)
{
    /// <summary>The engine's view of the map's paths: device, 1-based group, priority.</summary>
    public IReadOnlyList<EnginePathSpec> EnginePaths() =>
        Plan.Groups.SelectMany((g, gi) => g.PathIndexes.Select(i => new EnginePathSpec(Plan.Paths[i].Dev, gi + 1, Math.Max(0, Plan.Priorities[i].Priority)))).ToList();
}

public sealed record PlanResult(IReadOnlyList<PlannedMap> Maps, IReadOnlyList<SkippedDevice> Skipped)
{
    /// <summary>The bindings after naming: with new user-friendly names added when <see cref="BindingsChanged"/>.</summary>
    public BindingsFile Bindings { get; init; } = BindingsFile.Empty;

    /// <summary>New names were allocated: the caller that owns the bindings file writes <see cref="Bindings"/> back.</summary>
    public bool BindingsChanged { get; init; }
}

/// <summary>What a live system adds to planning (<c>mpath apply</c>); the defaults describe an offline plan.</summary>
public sealed record PlanningContext
{
    /// <summary>find_multipaths to apply; Off (every path a candidate) as for <c>multipath DEV</c>.</summary>
    public FindMultipathsMode FindMultipaths { get; init; } = FindMultipathsMode.Off;

    public WwidsFile Wwids { get; init; } = WwidsFile.Empty;

    /// <summary>The WWID of the multipath map that already has a dm name, or null (name free or not a multipath map).</summary>
    public Func<string, string?>? ExistingMapWwid { get; init; }

    /// <summary>Whether a multipath map for the WWID exists (it then counts for find_multipaths).</summary>
    public Func<string, bool>? MapExists { get; init; }

    /// <summary>An existing map is planned whatever find_multipaths says (the daemon adopts every map it finds).</summary>
    public bool ExistingMapsAlwaysCount { get; init; }

    /// <summary>
    /// find_multipaths smart as the daemon runs it: a lone path of a new WWID is held (verdict Wait) until this says the
    /// WWID was released when its find_multipaths_timeout expired; a released WWID stays left to the system. Null (the
    /// multipath command): nothing waits, a lone path is not multipathed and two paths are.
    /// </summary>
    public Func<string, bool>? SmartReleased { get; init; }
}

/// <summary>
/// The whole offline pipeline behind <c>mpath plan</c> and <c>mpath apply</c>: blacklist, resolve each path's
/// settings with provenance, assemble maps, and derive each map's engine policy. Like <c>multipath DEV</c>, every
/// described path is a candidate unless a <see cref="PlanningContext"/> asks for find_multipaths.
/// </summary>
public static class MapPlanner
{
    public static PlanResult Plan(MultipathConfig config, IReadOnlyList<DescribedPath> paths, BindingsFile? bindings = null, PlanningContext? context = null)
    {
        context ??= new PlanningContext();
        var resolver = new AttributeResolver(config);
        var byPath = new Dictionary<PathInfo, DescribedPath>(ReferenceEqualityComparer.Instance);
        foreach (var p in paths) byPath[p.Path] = p;
        var resolved = new Dictionary<PathInfo, ResolvedAttributes>(ReferenceEqualityComparer.Instance);
        var handlers = MapHardwareHandlerFacts.Collect(paths);

        ResolvedAttributes Resolve(PathInfo path)
        {
            if (!resolved.TryGetValue(path, out var r))
            {
                var facts = handlers.GetValueOrDefault(path.Wwid) ?? MapHardwareHandlerFacts.None;
                r = resolver.Resolve(new PathIdentity(path.Vendor, path.Product, path.Revision, path.Protocol), path.Wwid,
                    aluaSupported: path.Alua is not null, attachedHardwareHandler: facts.Attached);
                r = facts.Apply(r);
                resolved[path] = r;
            }
            return r;
        }

        string? BlacklistReason(PathInfo path)
        {
            var verdict = Blacklist.Check(config, path.Dev, path.Wwid, path.Vendor, path.Product, null, path.Protocol);
            return verdict.Blacklisted ? $"blacklisted: {verdict.Reason}" : null;
        }

        var options = new MapAssemblyOptions
        {
            BlacklistReason = BlacklistReason,
            StateOf = p => byPath[p].State ?? CheckerState.Up,
            PriorityOf = p => byPath[p].Priority,
            FindMultipaths = context.FindMultipaths,
            Wwids = context.Wwids,
            MapExists = context.MapExists,
            ExistingMapsAlwaysCount = context.ExistingMapsAlwaysCount,
            // The multipath command never waits for a second path: smart then behaves like on.
            SmartTimeoutExpired = context.SmartReleased ?? (_ => true),
            ReleasedToSystem = context.SmartReleased,
        };
        var namer = new MapNamer(bindings ?? BindingsFile.Empty, existingMapWwid: context.ExistingMapWwid);
        var assembled = MapAssembler.Assemble(paths.Select(p => p.Path).ToList(), p => Resolve(p).ToMapSettings(), namer, options);
        var maps = assembled.Maps.Select(plan =>
        {
            var attributes = Resolve(plan.Paths[0]);
            return new PlannedMap(plan, attributes.ToMapPolicy(plan.NoPathRetry ?? NoPathRetry.Fail), attributes);
        }).ToList();
        return new PlanResult(maps, assembled.Skipped) { Bindings = namer.Bindings, BindingsChanged = namer.BindingsChanged };
    }
}
