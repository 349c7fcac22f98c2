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
        var described = discovered.Paths
            .Select(p => p.Describe())
            .ToList();
        var planned = MapPlanner.Plan(_config, described);
        foreach (var skipped in planned.Skipped) _logger.LogDebug("{Dev}: not multipathed: {Reason}", skipped.Dev, skipped.Reason);
        var existing = ExistingMultipathMaps();

        foreach (var plan in planned.Maps)
        {
            var uuid = DmMapSpec.MultipathUuid(plan.Plan.Wwid);
            try
            {
                if (existing.TryGetValue(uuid, out var info)) Adopt(plan, info);
                else Create(plan, uuid);
            }
            catch (DeviceMapperException e)
            {
                _logger.LogError("{Map}: cannot set up the map: {Error}", plan.Plan.Name, e.Message);
            }
        }
    }

    /// <summary>The kernel's multipath maps by dm uuid.</summary>
    private Dictionary<string, DmInfo> ExistingMultipathMaps() =>
        _dm.List().Where(d => d.TargetType == "multipath")
            .Select(d => _dm.GetInfo(d.Name)).OfType<DmInfo>()
            .ToDictionary(i => i.Uuid, StringComparer.Ordinal);

    private void Create(PlannedMap plan, string uuid)
    {
        _dm.Create(new DmMapSpec(plan.Plan.Name, uuid, plan.Plan.SizeSectors, plan.Plan.TableParameters));
        _logger.LogInformation("{Map}: created [{Table}]", plan.Plan.Name, plan.Plan.TableParameters);
        Track(plan, plan.Plan.Name);
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
            if (!same) runtime.MapLoads++;
            return;
        }
        Track(plan, info.Name);
        SyncKernelState(_maps[info.Name]);
    }

    private void Track(PlannedMap plan, string dmName)
    {
        var engine = new MapEngine(dmName, plan.EnginePaths(), plan.Policy, _time, plan.Plan.InitialGroup);
        var info = _dm.GetInfo(dmName);
        _maps[dmName] = new MapRuntime(plan, engine, dmName) { SysfsName = info is null ? null : $"dm-{info.Minor}" };
        if (info is not null) _events?.Watch(dmName, info.EventNumber);
    }
}
