using Mpath.Linux.Uevents;

namespace Mpath.Daemon.Service;

/// <summary>What a batch of uevents (or an add/del path command) amounts to for one device.</summary>
public enum DeviceChange
{
    /// <summary>The device is there (new, or back after a remove): probe it and put it where it belongs.</summary>
    Added,
    /// <summary>The device is gone: take it out of its map.</summary>
    Removed,
    /// <summary>The device is still there but something about it changed: probe it again and act conservatively.</summary>
    Changed,
}

/// <summary>One device's net change. <see cref="IsMap"/> marks dm-N devices (maps), the rest are paths.</summary>
public sealed record DeviceEvent(string Dev, DeviceChange Change, bool IsMap = false);

/// <summary>
/// Merges the uevents of one batch per device, keeping the order in which devices first appeared. Only the first and
/// the last action of a device matter: a device added and removed within the batch never existed for the daemon
/// (nothing to do); removed and added again is a fresh device to probe (its identity may have changed); any run of
/// changes is one change.
/// </summary>
public sealed class DeviceEventMerger
{
    private readonly Dictionary<string, (UeventAction First, UeventAction Last, bool IsMap)> _byDev = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Uevents taken since the last <see cref="Drain"/>, before merging.</summary>
    public int Received { get; private set; }

    public void Add(Uevent uevent)
    {
        if (uevent.Action == UeventAction.Other) return;
        Add(uevent.KernelName, uevent.Action, uevent.IsMap);
    }

    public void Add(string dev, UeventAction action, bool isMap = false)
    {
        Received++;
        if (_byDev.TryGetValue(dev, out var seen))
        {
            _byDev[dev] = (seen.First, action, isMap);
            return;
        }
        _byDev[dev] = (action, action, isMap);
        _order.Add(dev);
    }

    /// <summary>The merged events, in first-seen order; the merger is empty afterwards.</summary>
    public IReadOnlyList<DeviceEvent> Drain()
    {
        var merged = new List<DeviceEvent>(_order.Count);
        foreach (var dev in _order)
        {
            var (first, last, isMap) = _byDev[dev];
            DeviceChange? change = (first, last) switch
            {
                (UeventAction.Add, UeventAction.Remove) => null,
                (_, UeventAction.Remove) => DeviceChange.Removed,
                (UeventAction.Change, UeventAction.Change) => DeviceChange.Changed,
                _ => DeviceChange.Added,
            };
            if (change is { } c) merged.Add(new DeviceEvent(dev, c, isMap));
        }
        Clear();
        return merged;
    }

    public void Clear()
    {
        _byDev.Clear();
        _order.Clear();
        Received = 0;
    }
}
