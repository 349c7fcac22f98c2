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
/// <remarks>
/// A slot is a chain of nodes in one pooled node array rather than a list of its own: hundreds of millions of events
/// pass through tens of thousands of slots, and per-slot lists either churn the GC or, kept, grow every slot to the
/// largest batch it ever held.
/// </remarks>
internal sealed class EventQueue
{
    private const long SlotTicks = TimeSpan.TicksPerMillisecond;
    private const int SlotCount = 1 << 16;
    private const int SlotMask = SlotCount - 1;
    /// <summary>Node index 0 ends a chain.</summary>
    private const int None = 0;

    /// <summary>Per slot: its first and last node (None: empty).</summary>
    private readonly int[] _first = new int[SlotCount];
    private readonly int[] _last = new int[SlotCount];
    private Node[] _nodes = new Node[1024];
    /// <summary>Nodes never used yet start here; freed nodes are chained from <see cref="_free"/>.</summary>
    private int _fresh = 1;
    private int _free = None;
    private readonly PriorityQueue<Entry, Entry> _far = new(EntryComparer.Instance);
    /// <summary>The slot of the far heap's first event (long.MaxValue when it is empty), so advancing need not peek.</summary>
    private long _farFirstSlot = long.MaxValue;
    /// <summary>The batch being run: the current slot's events, sorted.</summary>
    private readonly List<Entry> _current = [];
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
            AddToSlot(slot, entry);
        }
        else
        {
            _far.Enqueue(entry, entry);
            if (slot < _farFirstSlot) _farFirstSlot = slot;
        }
    }

    private void AddToSlot(long slot, in Entry entry)
    {
        int node;
        if (_free != None)
        {
            node = _free;
            _free = _nodes[node].Next;
        }
        else
        {
            if (_fresh == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
            node = _fresh++;
        }
        _nodes[node] = new Node(entry, None);
        var index = (int)(slot & SlotMask);
        if (_first[index] == None) _first[index] = node;
        else _nodes[_last[index]].Next = node;
        _last[index] = node;
        _inWheel++;
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
                if (_farFirstSlot > lastSlot) return false;
                _cursor = Math.Max(_cursor, _farFirstSlot - 1);
            }
            _cursor++;
            while (_farFirstSlot < _cursor + SlotCount)
            {
                AddToSlot(_farFirstSlot, _far.Dequeue());
                _farFirstSlot = _far.TryPeek(out var next, out _) ? next.Event.Time / SlotTicks : long.MaxValue;
            }
            var index = (int)(_cursor & SlotMask);
            var node = _first[index];
            if (node == None) continue;
            // Move the slot's chain into the batch and its nodes to the free chain.
            _first[index] = None;
            while (node != None)
            {
                ref var n = ref _nodes[node];
                _current.Add(n.Entry);
                var following = n.Next;
                n.Next = _free;
                _free = node;
                node = following;
                _inWheel--;
            }
            SortBatch(_current);
            return true;
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

    /// <summary>An entry in a slot's chain.</summary>
    private record struct Node(Entry Entry, int Next);

    private sealed class EntryComparer : IComparer<Entry>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(Entry x, Entry y) =>
            x.Event.Time != y.Event.Time ? x.Event.Time.CompareTo(y.Event.Time) : x.Seq.CompareTo(y.Seq);
    }
}
