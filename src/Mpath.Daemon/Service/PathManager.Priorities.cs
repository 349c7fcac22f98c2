using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Discovery;

namespace Mpath.Daemon.Service;

/// <summary>Path checks with their priority refreshes (see <see cref="PriorityRefresh"/> for when a priority is read).</summary>
public sealed partial class PathManager
{
    /// <summary>A check to run outside the gate, with what it needs taken under the gate (<see cref="Known"/>: the path as last probed).</summary>
    private sealed record DueCheck(MapRuntime Map, int Path, Core.Model.PathInfo Info, CheckerState PreviousCheckerState, bool PriorityDue,
        string Prioritizer, string PrioritizerArgs, int Priority, DiscoveredPath? Known);

    /// <summary>
    /// When a refresh changed a path's priority, the map's other usable paths are read too before the results are
    /// applied (as multipathd refreshes the whole map then): an ALUA transition changes several paths at once and a
    /// regroup planned from half-updated priorities would reload twice, the first time wrongly.
    /// </summary>
    private async Task<List<(MapRuntime Map, DiscoveredPath Probed)>> RefreshSiblingsAsync(
        List<DueCheck> due, (CheckerResult Result, RefreshedPriority? Priority)[] results, CancellationToken cancel)
    {
        var changed = new HashSet<MapRuntime>();
        var refreshed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < due.Count; i++)
        {
            if (results[i].Priority is not { } p) continue;
            refreshed.Add(due[i].Info.Dev);
            if (p.Priority != due[i].Priority) changed.Add(due[i].Map);
        }
        if (changed.Count == 0) return [];
        List<DueCheck> others = [];
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            foreach (var map in changed)
            {
                if (_maps.GetValueOrDefault(map.DmName) != map) continue;
                for (var i = 0; i < map.Engine.PathCount; i++)
                {
                    ref readonly var path = ref map.Engine.Path(i);
                    if (refreshed.Contains(path.Dev) || !path.State.IsUsable()) continue;
                    var (prioritizer, args) = map.PrioritizerOf(i);
                    if (PriorityRefresh.IsFixed(prioritizer)) continue;
                    others.Add(new DueCheck(map, i, map.PathInfoAt(i), path.CheckerState, true, prioritizer, args, path.Priority,
                        _known.GetValueOrDefault(path.Dev)));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
        var probed = await Task.WhenAll(others.Select(o => _priorities.RefreshAsync(o.Info, o.Known, o.Prioritizer, o.PrioritizerArgs))).ConfigureAwait(false);
        return others.Zip(probed).Where(x => x.Second is not null).Select(x => (x.First.Map, x.Second!.Probed)).ToList();
    }

    /// <summary>One check, and the priority read again when the check finds the path usable and a refresh is due.</summary>
    private async Task<(CheckerResult Result, RefreshedPriority? Priority)> CheckAndRefreshAsync(DueCheck check)
    {
        var result = await _checks.CheckAsync(check.Info, check.Map.CheckerName, CheckerTimeout).ConfigureAwait(false);
        // A path's first check (Wild: never checked) comes moments after the probe that found it and read its
        // priority; probing it again would double the start's SCSI traffic (an RTPG per path) for nothing.
        var firstCheck = check.PreviousCheckerState is CheckerState.Wild or CheckerState.Unchecked;
        var refresh = result.State.IsUsable() && (check.PriorityDue || result.State != check.PreviousCheckerState && !firstCheck)
            && !PriorityRefresh.IsFixed(check.Prioritizer);
        return (result, refresh ? await _priorities.RefreshAsync(check.Info, check.Known, check.Prioritizer, check.PrioritizerArgs).ConfigureAwait(false) : null);
    }
}
