namespace Mpath.Core.Engine;

/// <summary>
/// The times of the last N events in a fixed ring, to answer "N events within a window?" without allocating.
/// Used by the ping-pong detector and the failback rate limit.
/// </summary>
internal sealed class SwitchHistory
{
    private readonly DateTimeOffset[] _ring;
    private int _next;
    private int _count;

    public SwitchHistory(int capacity) => _ring = new DateTimeOffset[Math.Max(1, capacity)];

    public void Record(DateTimeOffset when)
    {
        _ring[_next] = when;
        _next = (_next + 1) % _ring.Length;
        if (_count < _ring.Length) _count++;
    }

    /// <summary>How many recorded events fall within <paramref name="window"/> before <paramref name="now"/>.</summary>
    public int CountWithin(DateTimeOffset now, TimeSpan window)
    {
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (now - _ring[i] <= window) n++;
        }
        return n;
    }

    public void Clear()
    {
        _count = 0;
        _next = 0;
    }
}
