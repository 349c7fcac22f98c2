using Mpath.Daemon.Service;
using Mpath.Linux.Uevents;

namespace Mpath.Daemon.Tests.Service;

public sealed class DeviceEventMergerTests
{
    private static IReadOnlyList<DeviceEvent> Merge(params (string Dev, UeventAction Action)[] events)
    {
        var merger = new DeviceEventMerger();
        foreach (var (dev, action) in events) merger.Add(dev, action, dev.StartsWith("dm-", StringComparison.Ordinal));
        return merger.Drain();
    }

    [Fact]
    public void A_device_added_and_removed_in_one_batch_is_nothing()
    {
        Assert.Empty(Merge(("sdc", UeventAction.Add), ("sdc", UeventAction.Change), ("sdc", UeventAction.Remove)));
    }

    [Fact]
    public void Removed_and_added_again_is_a_device_to_probe_afresh()
    {
        Assert.Equal([new DeviceEvent("sdc", DeviceChange.Added)], Merge(("sdc", UeventAction.Remove), ("sdc", UeventAction.Add)));
    }

    [Fact]
    public void Runs_of_changes_are_one_change_and_a_change_then_remove_is_a_remove()
    {
        Assert.Equal(
            [new DeviceEvent("sda", DeviceChange.Changed), new DeviceEvent("sdb", DeviceChange.Removed), new DeviceEvent("dm-0", DeviceChange.Added, IsMap: true)],
            Merge(("sda", UeventAction.Change), ("sdb", UeventAction.Change), ("dm-0", UeventAction.Add), ("sda", UeventAction.Change), ("sdb", UeventAction.Remove)));
    }

    [Fact]
    public void A_storm_of_adds_becomes_one_event_per_device_in_arrival_order_and_the_merger_empties()
    {
        var merger = new DeviceEventMerger();
        var names = Enumerable.Range(0, 100).Select(i => $"sd{(char)('a' + i / 26)}{(char)('a' + i % 26)}").ToList();
        foreach (var name in names)
        {
            merger.Add(name, UeventAction.Add);
            merger.Add(name, UeventAction.Change);
        }
        Assert.Equal(200, merger.Received);
        var merged = merger.Drain();
        Assert.Equal(names, merged.Select(e => e.Dev));
        Assert.All(merged, e => Assert.Equal(DeviceChange.Added, e.Change));
        Assert.Equal(0, merger.Received);
        Assert.Empty(merger.Drain());
    }
}
