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
    /// <summary>marginal_path_*: the I/O sample of Path of Map, Arg seconds long, ends.</summary>
    IoSampleDone,
}

/// <summary>One scheduled event. <see cref="Stamp"/> lets a handler drop events made stale by a later reschedule.</summary>
internal readonly record struct SimEvent(long Time, EventKind Kind, int Map, int Path, int Arg, long Stamp = 0);

/// <summary>
/// Events ordered by (time, insertion sequence): equal times run in the order scheduled, so a seed gives one run.
/// A timing wheel of 1 ms slots covering the next ~65 s holds the bulk (path checks), with a heap for events further
/// out: a large SAN schedules hundreds of millions of checks, and a single heap of that many entries is the
/// bottleneck. Within a slot, events are sorted by (time, sequence) before they run.
/// </summary>
internal sealed class EventQueue
{
    private const long SlotTicks = TimeSpan.TicksPerMillisecond;
    private const int SlotCount = 1 << 16;
    private const int SlotMask = SlotCount - 1;

    private readonly List<Entry>?[] _slots = new List<Entry>?[SlotCount];
    private readonly PriorityQueue<Entry, Entry> _far = new(EntryComparer.Instance);
    private List<Entry> _current = [];
    private int _currentIndex;
    /// <summary>The absolute slot number being run; slots up to <see cref="_cursor"/> + SlotCount - 1 live in the wheel.</summary>
    private long _cursor;
    private long _seq;
    private int _inWheel;

    public int Count => _inWheel + _far.Count + (_current.Count - _currentIndex);

    public void Push(in SimEvent e)
    {
        var entry = new Entry(e, _seq++);
        var slot = e.Time / SlotTicks;
        if (slot <= _cursor)
        {
            // The slot being run (nothing is scheduled in the past): keep the remaining batch sorted.
            var i = _current.Count;
            while (i > _currentIndex && EntryComparer.Instance.Compare(_current[i - 1], entry) > 0) i--;
            _current.Insert(i, entry);
        }
        else if (slot < _cursor + SlotCount)
        {
            (_slots[slot & SlotMask] ??= []).Add(entry);
            _inWheel++;
        }
        else
        {
            _far.Enqueue(entry, entry);
        }
    }

    public bool TryPop(long until, out SimEvent e)
    {
        while (true)
        {
            if (_currentIndex < _current.Count)
            {
                var next = _current[_currentIndex];
                if (next.Event.Time > until)
                {
                    e = default;
                    return false;
                }
                _currentIndex++;
                e = next.Event;
                return true;
            }
            if (!Advance(until))
            {
                e = default;
                return false;
            }
        }
    }

    /// <summary>Moves the cursor to the next slot holding events (up to <paramref name="until"/>) and loads it as the batch.</summary>
    private bool Advance(long until)
    {
        _current.Clear();
        _currentIndex = 0;
        var lastSlot = until / SlotTicks;
        while (_cursor < lastSlot)
        {
            if (_inWheel == 0)
            {
                // Nothing near: jump to the far heap's first event.
                if (!_far.TryPeek(out var first, out _)) return false;
                var target = first.Event.Time / SlotTicks;
                if (target > lastSlot) return false;
                _cursor = Math.Max(_cursor, target - 1);
            }
            _cursor++;
            while (_far.TryPeek(out var far, out _) && far.Event.Time / SlotTicks < _cursor + SlotCount)
            {
                _far.Dequeue();
                var farSlot = far.Event.Time / SlotTicks;
                (_slots[farSlot & SlotMask] ??= []).Add(far);
                _inWheel++;
            }
            var list = _slots[_cursor & SlotMask];
            if (list is { Count: > 0 })
            {
                // Swap the slot's list in as the batch and give the old batch list to the slot for reuse, unless it
                // is a big one: handing those around would leave every slot ever used holding a big array.
                _slots[_cursor & SlotMask] = _current.Capacity <= 64 ? _current : null;
                _current = list;
                _inWheel -= list.Count;
                SortBatch(list);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Insertion sort: batches are small and mostly in order already (List.Sort with a comparer would also allocate a
    /// delegate per call, millions of times in a large run).
    /// </summary>
    private static void SortBatch(List<Entry> list)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
        for (var i = 1; i < span.Length; i++)
        {
            var item = span[i];
            var j = i - 1;
            while (j >= 0 && EntryComparer.Instance.Compare(span[j], item) > 0)
            {
                span[j + 1] = span[j];
                j--;
            }
            span[j + 1] = item;
        }
    }

    private readonly record struct Entry(SimEvent Event, long Seq);

    private sealed class EntryComparer : IComparer<Entry>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(Entry x, Entry y) =>
            x.Event.Time != y.Event.Time ? x.Event.Time.CompareTo(y.Event.Time) : x.Seq.CompareTo(y.Seq);
    }
}
