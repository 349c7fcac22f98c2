using Mpath.Core.Model;

namespace Mpath.Core.Planning;

/// <summary>
/// ghost_delay at map creation: whether the daemon creates a new map "not ready" and waits for an active path. It waits
/// when ghost_delay is set and no path of the map is known to be active; the engine then ends the wait when a checker
/// finds an active path, or when the delay runs out. Only the daemon waits: the one-shot <c>mpath apply</c> ignores
/// ghost_delay, as multipath(8) does.
/// </summary>
public static class GhostDelayDecision
{
    /// <summary>True when the map should be created not ready and wait up to its policy's ghost_delay.</summary>
    /// <param name="map">The planned map.</param>
    /// <param name="knownState">What is known of a path before its first check, or null when nothing is.</param>
    public static bool ShouldWait(PlannedMap map, Func<PathInfo, CheckerState?> knownState)
    {
        if (map.Policy.GhostDelay <= TimeSpan.Zero) return false;
        var anyUsable = false;
        foreach (var path in map.Plan.Paths)
        {
            var state = knownState(path);
            if (state == CheckerState.Up) return false;
            if (state is null || state.Value.IsUsable()) anyUsable = true;
        }
        // With every path known down there is nothing to wait for: no I/O can go anywhere yet.
        return anyUsable;
    }

    /// <summary>
    /// A path's state as discovery already knows it, before any checker ran: from the SCSI device state (not running =
    /// down) and the ALUA access state of its port group. Null when only a check can tell (no ALUA, transitioning).
    /// </summary>
    public static CheckerState? StateBeforeFirstCheck(PathInfo path, CheckerState? deviceState) =>
        deviceState is { } known && !known.IsUsable() ? known : path.Alua?.State switch
        {
            AluaAccessState.ActiveOptimized or AluaAccessState.ActiveNonOptimized or AluaAccessState.LbaDependent => CheckerState.Up,
            AluaAccessState.Standby => CheckerState.Ghost,
            AluaAccessState.Unavailable or AluaAccessState.Offline => CheckerState.Down,
            _ => null,
        };
}
