using Microsoft.Extensions.Logging;
using Mpath.Core.Engine;
using Mpath.Core.Planning;
using Mpath.Core.Topology.DeviceMapper;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;

namespace Mpath.Daemon.Service;

/// <summary>Map setup: from discovered paths to created or adopted maps, each with its engine.</summary>
public sealed partial class PathManager
{
    /// <summary>Plans maps from what is discovered and brings the kernel in line, never removing anything.</summary>
    private void Reconcile()
    {
        var discovered = _discovery.Discover();
        _known.Clear();
        foreach (var path in discovered.Paths) _known[path.Path.Dev] = path;
        BeforeFullPlanning();
        var described = discovered.Paths
            .Select(p => p.Describe())
            .ToList();
        var existing = ExistingMultipathMaps();
        var running = _maps.Values.Select(m => m.Wwid).ToHashSet(StringComparer.Ordinal);
        var context = FindMultipathsContext(wwid => running.Contains(wwid) || existing.ContainsKey(Namespace.UuidFor(wwid)));
        var planned = MapPlanner.Plan(_config, described, context: context);
        var knownState = StatesBeforeFirstCheck(described);

        foreach (var plan in planned.Maps)
        {
            var uuid = Namespace.UuidFor(plan.Plan.Wwid);
            try
            {
                if (existing.TryGetValue(uuid, out var info)) Adopt(plan, info);
                else Create(plan, uuid, knownState);
            }
            catch (DeviceMapperException e)
            {
                _logger.LogError("{Map}: cannot set up the map: {Error}", plan.Plan.Name, e.Message);
            }
        }
        AfterPlanning(planned);
    }

    /// <summary>What is known of each path before its first check, for ghost_delay (device state, ALUA state).</summary>
    private static Func<Core.Model.PathInfo, Core.Model.CheckerState?> StatesBeforeFirstCheck(IReadOnlyList<DescribedPath> described)
    {
        var deviceStates = described.ToDictionary(d => d.Path.Dev, d => d.State, StringComparer.Ordinal);
        return p => GhostDelayDecision.StateBeforeFirstCheck(p, deviceStates.GetValueOrDefault(p.Dev));
    }

    /// <summary>
    /// The kernel's multipath maps by dm uuid: a map keeps the name it was created with. Maps without a uuid (made by
    /// hand) are not ours.
    /// </summary>
    private Dictionary<string, DmInfo> ExistingMultipathMaps()
    {
        var existing = new Dictionary<string, DmInfo>(StringComparer.Ordinal);
        foreach (var device in _dm.List().Where(d => d.TargetType == "multipath"))
        {
            if (_dm.GetInfo(device.Name) is { Uuid.Length: > 0 } info) existing.TryAdd(info.Uuid, info);
        }
        return existing;
    }

    /// <summary>
    /// Creates a new map. With ghost_delay and no path known active it is created not ready for upper layers, and its
    /// engine waits for an active path (see <see cref="GhostDelayDecision"/>).
    /// </summary>
    private void Create(PlannedMap plan, string uuid, Func<Core.Model.PathInfo, Core.Model.CheckerState?> knownState)
    {
        var name = Namespace.NameFor(plan.Plan.Name);
        var notReady = GhostDelayDecision.ShouldWait(plan, knownState);
        _dm.Create(new DmMapSpec(name, uuid, plan.Plan.SizeSectors, plan.Plan.TableParameters) { NotReady = notReady });
        _logger.LogInformation("{Map}: created{NotReady} [{Table}]", name, notReady ? " not ready (ghost_delay)" : "", plan.Plan.TableParameters);
        var runtime = Track(plan, name, uuid);
        if (notReady) Step(runtime, runtime.Engine.WaitForActivePath);
    }

    /// <summary>An existing map keeps its name; its table is reloaded only when it differs from the plan in meaning.</summary>
    private void Adopt(PlannedMap plan, DmInfo info)
    {
        var live = _dm.GetTable(info.Name);
        var same = live.Count == 1 && DmTable.Parse(live[0].Parameters).Value is { } table
            && MapReconciler.TableDifference(plan.Plan.Table, table) is null;
        if (!same)
        {
            _dm.Reload(new DmMapSpec(info.Name, info.Uuid, plan.Plan.SizeSectors, plan.Plan.TableParameters));
            _logger.LogInformation("{Map}: reloaded [{Table}]", info.Name, plan.Plan.TableParameters);
        }
        if (_maps.TryGetValue(info.Name, out var runtime))
        {
            runtime.Planned = plan;
            runtime.Engine.ApplyLayout(plan.EnginePaths(), runtime.Engine.CurrentGroup);
            runtime.Engine.ApplyPolicy(plan.Policy);
            if (!same) runtime.MapLoads++;
            return;
        }
        Track(plan, info.Name, info.Uuid);
        SyncKernelState(_maps[info.Name]);
    }

    private MapRuntime Track(PlannedMap plan, string dmName, string uuid)
    {
        var engine = new MapEngine(dmName, plan.EnginePaths(), plan.Policy, _time, plan.Plan.InitialGroup);
        var info = _dm.GetInfo(dmName);
        var runtime = new MapRuntime(plan, engine, dmName, uuid) { SysfsName = info is null ? null : $"dm-{info.Minor}" };
        _maps[dmName] = runtime;
        _unrecordedWwids.Add(plan.Plan.Wwid);
        if (info is not null) _events?.Watch(dmName, info.EventNumber);
        return runtime;
    }
}
