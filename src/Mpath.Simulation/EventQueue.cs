namespace Mpath.Simulation;

internal enum EventKind : byte
{
    /// <summary>A path checker run (Map, Path).</summary>
    Check,
    /// <summary>The engine's timer (deferred failback, no_path_retry) for Map.</summary>
    EngineTimer,
    /// <summary>The map's next application I/O, which discovers whatever changed.</summary>
    Io,
    /// <summary>An I/O sent down Path of Map errors out (dead link after io_fail_time, or a dropped I/O).</summary>
    IoError,
    /// <summary>An ownership move of LUN Arg finishes.</summary>
    MoveDone,
    /// <summary>Fault Arg changes link states (Path: 1 = goes bad, 0 = recovers).</summary>
    Fault,
    /// <summary>alua-implicit: the array re-evaluates LUN Arg after sustained non-optimized I/O.</summary>
    ImplicitCheck,
}

/// <summary>One scheduled event. <see cref="Stamp"/> lets a handler drop events made stale by a later reschedule.</summary>
internal readonly record struct SimEvent(long Time, EventKind Kind, int Map, int Path, int Arg, long Stamp = 0);

/// <summary>Events ordered by (time, insertion sequence): equal times run in the order scheduled, so a seed gives one run.</summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<SimEvent, (long Time, long Seq)> _queue = new(new KeyComparer());
    private long _seq;

    public int Count => _queue.Count;

    public void Push(in SimEvent e) => _queue.Enqueue(e, (e.Time, _seq++));

    public bool TryPop(long until, out SimEvent e)
    {
        if (_queue.TryPeek(out e, out var key) && key.Time <= until)
        {
            _queue.Dequeue();
            return true;
        }
        e = default;
        return false;
    }

    private sealed class KeyComparer : IComparer<(long Time, long Seq)>
    {
        public int Compare((long Time, long Seq) x, (long Time, long Seq) y) =>
            x.Time != y.Time ? x.Time.CompareTo(y.Time) : x.Seq.CompareTo(y.Seq);
    }
}
