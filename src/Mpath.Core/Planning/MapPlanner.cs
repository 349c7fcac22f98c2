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
public sealed record DescribedPath(PathInfo Path, int? Priority = null, CheckerState? State = null);

/// <summary>A planned map with the policy the engine would run it with.</summary>
public sealed record PlannedMap(MapPlan Plan, MapPolicy Policy, ResolvedAttributes Attributes)
{
    /// <summary>The engine's view of the map's paths: device, 1-based group, priority.</summary>
    public IReadOnlyList<EnginePathSpec> EnginePaths() =>
        Plan.Groups.SelectMany((g, gi) => g.PathIndexes.Select(i => new EnginePathSpec(Plan.Paths[i].Dev, gi + 1, Math.Max(0, Plan.Priorities[i].Priority)))).ToList();
}

public sealed record PlanResult(IReadOnlyList<PlannedMap> Maps, IReadOnlyList<SkippedDevice> Skipped);

/// <summary>
/// The whole offline pipeline behind <c>mpath plan</c> and <c>mpath apply</c>: blacklist, resolve each path's
/// settings with provenance, assemble maps, and derive each map's engine policy. Like <c>multipath DEV</c>, every
/// described path is a candidate: find_multipaths is not applied.
/// </summary>
public static class MapPlanner
{
    public static PlanResult Plan(MultipathConfig config, IReadOnlyList<DescribedPath> paths, BindingsFile? bindings = null)
    {
        var resolver = new AttributeResolver(config);
        var byPath = new Dictionary<PathInfo, DescribedPath>(ReferenceEqualityComparer.Instance);
        foreach (var p in paths) byPath[p.Path] = p;
        var resolved = new Dictionary<PathInfo, ResolvedAttributes>(ReferenceEqualityComparer.Instance);

        ResolvedAttributes Resolve(PathInfo path)
        {
            if (!resolved.TryGetValue(path, out var r))
            {
                r = resolver.Resolve(new PathIdentity(path.Vendor, path.Product, path.Revision, path.Protocol), path.Wwid, aluaSupported: path.Alua is not null);
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
        };
        var namer = new MapNamer(bindings ?? BindingsFile.Empty);
        var assembled = MapAssembler.Assemble(paths.Select(p => p.Path).ToList(), p => Resolve(p).ToMapSettings(), namer, options);
        var maps = assembled.Maps.Select(plan =>
        {
            var attributes = Resolve(plan.Paths[0]);
            return new PlannedMap(plan, attributes.ToMapPolicy(plan.NoPathRetry ?? NoPathRetry.Fail), attributes);
        }).ToList();
        return new PlanResult(maps, assembled.Skipped);
    }
}
