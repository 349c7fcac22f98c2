using Microsoft.Extensions.Logging;
using Mpath.Core.Planning;
using Mpath.Core.Topology.DeviceMapper;
using Mpath.Daemon.Control;
using Mpath.Daemon.Show;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;

namespace Mpath.Daemon.Service;

/// <summary>
/// Devices coming and going while the daemon runs (uevents, <c>add path</c>/<c>del path</c>): probe outside the gate,
/// then re-plan only the WWIDs that changed, with one reload (or create) per map.
/// </summary>
public sealed partial class PathManager
{
    /// <summary>Applies a merged batch of device changes. Probing happens before the gate is taken.</summary>
    public Task ApplyDeviceEventsAsync(IReadOnlyList<DeviceEvent> events, CancellationToken cancel) =>
        ApplyDeviceEventsAsync(events, () => true, cancel);

    /// <summary>Applies the changes, then reads <paramref name="outcome"/> while the gate is still held.</summary>
    private async Task<T> ApplyDeviceEventsAsync<T>(IReadOnlyList<DeviceEvent> events, Func<T> outcome, CancellationToken cancel)
    {
        var probed = await Task.Run(() => events.Select(e => e.IsMap || e.Change == DeviceChange.Removed ? null : _discovery.Probe(e.Dev)).ToList(), cancel)
            .ConfigureAwait(false);
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            ApplyDeviceEvents(events, probed);
            ReloadRequested();
            Publish();
            return outcome();
        }
        finally
        {
            _gate.Release();
            _wake.Release();
        }
    }

    /// <summary>Full rediscovery (events were lost): like reconfigure with the running configuration.</summary>
    public async Task RescanAsync(CancellationToken cancel)
    {
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            Reconcile();
            Publish();
        }
        finally
        {
            _gate.Release();
            _wake.Release();
        }
    }

    /// <summary>
    /// <c>add path DEV</c> and <c>del path DEV</c>: the same code path as the uevents they stand for. Like multipathd,
    /// <c>add path</c> does not override find_multipaths or the blacklist: a path left out gets multipathd's
    /// "blacklisted" reply, or a line saying why find_multipaths left it out, instead of "ok".
    /// </summary>
    private async Task<string> PathCommandAsync(ControlCommand command, CancellationToken cancel)
    {
        var dev = command.Parameter("path");
        dev = dev.StartsWith("/dev/", StringComparison.Ordinal) ? dev[5..] : dev;
        var adding = command.Shape.StartsWith("add", StringComparison.Ordinal);
        var wasMapped = IsMapped(dev);
        var notMultipathed = await ApplyDeviceEventsAsync([new DeviceEvent(dev, adding ? DeviceChange.Added : DeviceChange.Removed)],
            () => adding ? NotMultipathedReply(dev) : null, cancel).ConfigureAwait(false);
        var ok = adding ? IsMapped(dev) : wasMapped;
        return ok ? ShowCommandRenderer.OkReply : notMultipathed ?? ShowCommandRenderer.FailReply;
    }

    /// <summary>Whether a map's engine has the path (read from the published snapshot: no gate needed).</summary>
    private bool IsMapped(string dev) => _publisher.Current.FindPath(dev) is not null;

    private void ApplyDeviceEvents(IReadOnlyList<DeviceEvent> events, IReadOnlyList<DiscoveredPath?> probed)
    {
        var affected = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.IsMap)
            {
                if (e.Change == DeviceChange.Removed) ForgetRemovedMap(e.Dev);
                continue;
            }
            // A device node that went or came names no disk the checker may still hold open.
            if (e.Change is DeviceChange.Removed or DeviceChange.Added) _checks.Forget(e.Dev);
            var old = _known.GetValueOrDefault(e.Dev);
            if (probed[i] is not { } found)
            {
                // Gone, or no longer something we multipath (e.g. NVMe handed to native multipathing).
                _notMultipathed.Remove(e.Dev);
                if (old is null) continue;
                _known.Remove(e.Dev);
                affected.Add(old.Path.Wwid);
                _logger.LogInformation("{Dev}: path removed", e.Dev);
                continue;
            }
            if (old is not null && old.Path.Wwid != found.Path.Wwid)
            {
                // A different LUN behind the same device name: it must not stay in the old LUN's map.
                _logger.LogWarning("{Dev}: WWID changed from {Old} to {New}; moving the path", e.Dev, old.Path.Wwid, found.Path.Wwid);
                affected.Add(old.Path.Wwid);
            }
            else if (old is not null && e.Change == DeviceChange.Changed)
            {
                if (old.Path.SizeSectors != found.Path.SizeSectors)
                {
                    // Growing a map takes every path agreeing (multipathd's resize map); keep the known size meanwhile.
                    _logger.LogWarning("{Dev}: size changed from {Old} to {New} sectors; the map is not resized", e.Dev, old.Path.SizeSectors, found.Path.SizeSectors);
                    continue;
                }
                _known[e.Dev] = found;
                continue;
            }
            _known[e.Dev] = found;
            affected.Add(found.Path.Wwid);
        }
        affected.Remove("");
        ReplanWwids(affected);
    }

    /// <summary>Runs the reloads the engine asked for during the current step (regroup after a priority change).</summary>
    private void ReloadRequested()
    {
        if (_reloadRequested.Count == 0) return;
        var asked = _reloadRequested.ToHashSet(StringComparer.Ordinal);
        var wwids = asked.Select(name => _maps.GetValueOrDefault(name)?.Wwid).OfType<string>().ToHashSet(StringComparer.Ordinal);
        _reloadRequested.Clear();
        ReplanWwids(wwids, asked);
    }

    /// <summary>
    /// Plans the given LUNs from the known paths and brings each map in line: create, reload, or handle its last path
    /// going. <paramref name="regroupAsked"/>: the maps whose engine asked for this (a priority change).
    /// </summary>
    private void ReplanWwids(IReadOnlySet<string> wwids, IReadOnlySet<string>? regroupAsked = null)
    {
        if (wwids.Count == 0) return;
        var candidates = _known.Values.Where(p => wwids.Contains(p.Path.Wwid)).Select(p => p.Describe()).ToList();
        foreach (var wwid in wwids.Where(w => !candidates.Exists(c => c.Path.Wwid == w))) _holds.Forget(wwid);
        var running = _maps.Values.Where(m => wwids.Contains(m.Wwid)).ToDictionary(m => m.Wwid, StringComparer.Ordinal);
        Dictionary<string, DmInfo>? existing = null;
        // The kernel's maps are listed only when find_multipaths asks about a LUN the daemon does not run a map for.
        var planned = MapPlanner.Plan(_config, candidates, context: FindMultipathsContext(wwid =>
            running.ContainsKey(wwid) || (existing ??= ExistingMultipathMaps()).ContainsKey(Namespace.UuidFor(wwid))));
        var byWwid = planned.Maps.ToDictionary(m => m.Plan.Wwid, StringComparer.Ordinal);
        foreach (var wwid in wwids)
        {
            var map = running.GetValueOrDefault(wwid);
            try
            {
                if (byWwid.TryGetValue(wwid, out var plan))
                {
                    if (map is not null) Relayout(map, plan, regroupAsked?.Contains(map.DmName) == true);
                    else
                    {
                        // A map for the LUN may exist that we do not manage yet (made by hand, or left from before).
                        existing ??= ExistingMultipathMaps();
                        var uuid = Namespace.UuidFor(wwid);
                        if (existing.TryGetValue(uuid, out var info)) Adopt(plan, info);
                        else Create(plan, uuid, StatesBeforeFirstCheck(candidates));
                    }
                }
                else if (map is not null)
                {
                    LastPathGone(map);
                }
            }
            catch (DeviceMapperException e)
            {
                _logger.LogError("{Map}: cannot update the map: {Error}", map?.DmName ?? wwid, e.Message);
            }
        }
        AfterPlanning(planned);
    }

    /// <summary>Reloads a running map with a new plan (paths added or removed, or regrouped); the engine keeps what it knew of the staying paths.</summary>
    private void Relayout(MapRuntime map, PlannedMap plan, bool regroupAsked = false)
    {
        var staying = plan.Plan.Paths.Select(p => p.Dev).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < map.Engine.PathCount; i++)
        {
            var index = i;
            if (!staying.Contains(map.Engine.Path(i).Dev)) Step(map, a => map.Engine.OnPathRemoved(index, a));
        }
        // A relayout for any reason also serves a regroup the engine asked for meanwhile.
        regroupAsked |= _reloadRequested.Remove(map.DmName);
        var table = TableToLoad(map, plan.Plan.Table);
        var live = _dm.GetTable(map.DmName);
        var same = live.Count == 1 && DmTable.Parse(live[0].Parameters).Value is { } current && MapReconciler.TableDifference(table, current) is null;
        var currentGroup = map.Engine.CurrentGroup;
        if (!same)
        {
            _dm.Reload(new DmMapSpec(map.DmName, map.DmUuid, plan.Plan.SizeSectors, table.Format()));
            _logger.LogInformation("{Map}: reloaded with {Paths} paths [{Table}]", map.DmName, plan.Plan.Paths.Count, table.Format());
            map.MapLoads++;
            currentGroup = plan.Plan.InitialGroup;
        }
        map.Planned = plan;
        map.Engine.ApplyLayout(plan.EnginePaths(), currentGroup);
        if (same && regroupAsked) Step(map, map.Engine.OnRegroupKeptTable);
    }

    /// <summary>
    /// The map's last path went away. flush_on_last_del decides whether queueing stops (always; unused: when the map
    /// is not open; never). The map itself is removed only when nothing has it open and it no longer queues; otherwise
    /// it stays, reloaded with no paths so the kernel lets go of the dead devices, and a returning path joins it again.
    /// </summary>
    private void LastPathGone(MapRuntime map)
    {
        for (var i = 0; i < map.Engine.PathCount; i++)
        {
            var index = i;
            Step(map, a => map.Engine.OnPathRemoved(index, a));
        }
        _reloadRequested.Remove(map.DmName);
        var open = _dm.GetInfo(map.DmName)?.OpenCount ?? 0;
        if (open == 0 && map.Planned.Attributes.FlushOnLastDel is "unused" or "no")
        {
            Step(map, map.Engine.OnLastPathDeletedUnused);
        }
        if (open == 0 && !map.Engine.Queueing)
        {
            try
            {
                _dm.Remove(map.DmName);
                _maps.Remove(map.DmName);
                _logger.LogInformation("{Map}: removed after its last path went away", map.DmName);
                return;
            }
            catch (DeviceMapperException e)
            {
                _logger.LogWarning("{Map}: last path gone, map kept: {Error}", map.DmName, e.Message);
            }
        }
        var empty = TableToLoad(map, map.Planned.Plan.Table with { InitialGroup = 0, Groups = [] });
        _dm.Reload(new DmMapSpec(map.DmName, map.DmUuid, map.Planned.Plan.SizeSectors, empty.Format()));
        map.MapLoads++;
        map.Engine.ApplyLayout([], 1);
        _logger.LogWarning("{Map}: last path gone; map kept without paths ({Why})", map.DmName,
            open > 0 ? $"open {open} times" : "queueing I/O");
    }

    /// <summary>The planned table, without queue_if_no_path when the engine has turned queueing off (a reload must not turn it back on).</summary>
    private static DmTable TableToLoad(MapRuntime map, DmTable planned) =>
        map.Engine.Queueing || !planned.Features.Contains("queue_if_no_path")
            ? planned
            : planned with { Features = [.. planned.Features.Where(f => f != "queue_if_no_path")] };

    /// <summary>Someone else removed one of our maps (dm-N remove uevent): stop managing it.</summary>
    private void ForgetRemovedMap(string sysfsName)
    {
        var map = _maps.Values.FirstOrDefault(m => m.SysfsName == sysfsName);
        if (map is null || _dm.GetInfo(map.DmName) is not null) return;
        _maps.Remove(map.DmName);
        _logger.LogWarning("{Map}: the map was removed outside mpath; no longer managed", map.DmName);
    }
}
