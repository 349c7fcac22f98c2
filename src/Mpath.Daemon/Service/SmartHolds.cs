namespace Mpath.Daemon.Service;

/// <summary>
/// find_multipaths smart in the daemon: the WWIDs seen with one path, each held until its find_multipaths_timeout
/// deadline for a second path, and the WWIDs released to the system when the deadline passed. A released WWID stays
/// released (the system may have the device in use by then) until its paths are all gone; the wwids file still brings
/// it back. Plain state: the caller passes the time.
/// </summary>
public sealed class SmartHolds
{
    private readonly Dictionary<string, DateTimeOffset> _deadlines = new(StringComparer.Ordinal);
    private readonly HashSet<string> _released = new(StringComparer.Ordinal);

    public bool IsHeld(string wwid) => _deadlines.ContainsKey(wwid);

    public bool IsReleased(string wwid) => _released.Contains(wwid);

    /// <summary>The earliest deadline of a held WWID, or null when nothing is held.</summary>
    public DateTimeOffset? NextDeadline => _deadlines.Count == 0 ? null : _deadlines.Values.Min();

    /// <summary>Starts holding the WWID until <paramref name="deadline"/>; false when it is held or released already (the first deadline stands).</summary>
    public bool Hold(string wwid, DateTimeOffset deadline) => !_released.Contains(wwid) && _deadlines.TryAdd(wwid, deadline);

    /// <summary>Moves every WWID whose deadline has come to the released set and returns them.</summary>
    public IReadOnlyList<string> Expire(DateTimeOffset now)
    {
        var expired = _deadlines.Where(d => d.Value <= now).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var wwid in expired)
        {
            _deadlines.Remove(wwid);
            _released.Add(wwid);
        }
        return expired;
    }

    /// <summary>The WWID got a map, or its last path went away: nothing is remembered of it.</summary>
    public void Forget(string wwid)
    {
        _deadlines.Remove(wwid);
        _released.Remove(wwid);
    }

    /// <summary>Forgets every WWID not in <paramref name="present"/> (a full rediscovery no longer found it).</summary>
    public void ForgetAllBut(IReadOnlySet<string> present)
    {
        foreach (var wwid in _deadlines.Keys.Concat(_released).Where(w => !present.Contains(w)).ToList()) Forget(wwid);
    }

    /// <summary>find_multipaths is no longer smart: nothing is held or released any more.</summary>
    public void Clear()
    {
        _deadlines.Clear();
        _released.Clear();
    }
}
