using Mpath.Core.Model;
using Mpath.Core.Topology.Prioritizers;
using Mpath.Linux.Discovery;

namespace Mpath.Daemon.Service;

/// <summary>A path's priority read again while the daemon runs, with the path as probed for it.</summary>
internal sealed record RefreshedPriority(int Priority, DiscoveredPath Probed);

/// <summary>
/// Re-reads path priorities while the daemon runs, as multipathd does on its checks, but only when it can matter:
/// a path whose prioritizer gives a fixed value (const, weightedpath) is never asked again; any other is asked when
/// its check finds it usable and (a) its checker state changed, (b) the kernel failed a path or switched a group of
/// its map since (a trespass or an ALUA transition shows up like that), or (c) <see cref="EveryChecks"/> checks passed
/// since the last refresh, which catches a controller that moved on its own without failing anything. Asking means
/// probing the device again (for ALUA: REPORT TARGET PORT GROUPS) outside the state gate, like the check itself.
/// </summary>
internal sealed class PriorityRefresh(IPathDiscovery discovery)
{
    /// <summary>With the default max_polling_interval of 20 s, a healthy path's priority is read about every 100 s.</summary>
    public const int EveryChecks = 5;

    /// <summary>Prioritizers whose answer does not depend on the device's state (random is for tests and never asked again).</summary>
    public static bool IsFixed(string prioritizer) => prioritizer is "const" or "weightedpath" or "random" or "given";

    /// <summary>Called under the gate when a check falls due: whether to refresh the priority should the path be usable.</summary>
    public static bool IsDue(MapRuntime map, int path)
    {
        var dev = map.Engine.Path(path).Dev;
        if (IsFixed(map.PrioritizerOf(path).Prioritizer)) return false;
        var checks = map.ChecksSincePriority.GetValueOrDefault(dev) + 1;
        map.ChecksSincePriority[dev] = checks;
        return checks >= EveryChecks;
    }

    /// <summary>Every path of the map reads its priority at its next usable check (the kernel saw something change).</summary>
    public static void Suspect(MapRuntime map)
    {
        for (var i = 0; i < map.Engine.PathCount; i++) map.ChecksSincePriority[map.Engine.Path(i).Dev] = EveryChecks;
    }

    /// <summary>Prioritizers that read nothing but the path's ALUA state: the light refresh (<see cref="IPathDiscovery.Refresh"/>) serves them.</summary>
    public static bool NeedsOnlyAlua(string prioritizer) => prioritizer is "alua" or "sysfs";

    /// <summary>
    /// Probes the path (only what can have changed, when the prioritizer needs no more and the path is known) and runs its
    /// prioritizer; null when the device is gone, changed identity, or gives no priority.
    /// </summary>
    public async Task<RefreshedPriority?> RefreshAsync(PathInfo path, DiscoveredPath? known, string prioritizer, string args)
    {
        var probed = await Task.Run(() => known is not null && NeedsOnlyAlua(prioritizer) && known.Path.Dev == path.Dev
            ? discovery.Refresh(known)
            : discovery.Probe(path.Dev)).ConfigureAwait(false);
        if (probed is null || probed.Path.Wwid != path.Wwid || probed.Path.DevT != path.DevT) return null;
        var priority = PrioritizerRegistry.Compute(prioritizer, probed.Path, args, Random.Shared);
        return priority.Priority < 0 ? null : new RefreshedPriority(priority.Priority, probed);
    }
}
