using Mpath.Core.Model;

namespace Mpath.Core.Engine;

/// <summary>
/// ghost_delay: a map created while none of its paths was known active is kept "not ready" for upper layers, so no
/// I/O reaches the ghost (standby) paths and makes the array fail the LUN over to them. The wait ends when the checker
/// finds an active path, or after ghost_delay seconds; either way the adapter then marks the map ready
/// (<see cref="ActionKind.MarkMapReady"/>).
/// </summary>
public sealed partial class MapEngine
{
    private DateTimeOffset? _ghostDelayDeadline;

    /// <summary>True while the map waits for an active path (ghost_delay).</summary>
    public bool WaitingForActivePath => _ghostDelayDeadline is not null;

    /// <summary>
    /// The adapter created this map not ready (see <see cref="Planning.GhostDelayDecision"/>): start waiting for an
    /// active path. Does nothing when ghost_delay is off.
    /// </summary>
    public void WaitForActivePath(List<EngineAction> actions)
    {
        if (Policy.GhostDelay <= TimeSpan.Zero) return;
        _ghostDelayDeadline = _time.GetUtcNow() + Policy.GhostDelay;
        actions.Add(new(ActionKind.Log, ActionReason.GhostDelayWaiting, LogSeverity.Notice, Count: (int)Policy.GhostDelay.TotalSeconds));
    }

    /// <summary>An active (not ghost) checker result ends the wait.</summary>
    private void EndGhostDelayIfActive(CheckerState result, int path, List<EngineAction> actions)
    {
        if (_ghostDelayDeadline is null || result != CheckerState.Up) return;
        _ghostDelayDeadline = null;
        actions.Add(new(ActionKind.MarkMapReady, ActionReason.GhostDelayActivePath, LogSeverity.Notice, path));
    }

    private void EndGhostDelayIfExpired(DateTimeOffset now, List<EngineAction> actions)
    {
        if (_ghostDelayDeadline is not { } deadline || now < deadline) return;
        _ghostDelayDeadline = null;
        actions.Add(new(ActionKind.MarkMapReady, ActionReason.GhostDelayExpired, LogSeverity.Warning));
    }
}
