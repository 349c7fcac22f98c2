using CsCheck;

namespace Mpath.Simulation.Tests;

public class EventQueueTests
{
    [Fact]
    public void Pops_in_time_then_insertion_order_whatever_the_push_order()
    {
        // Times spread over both the wheel (next ~65 s) and the far heap (hours), with many ties.
        Gen.Select(Gen.Long[0, 20], Gen.Int[0, 3]).Select((coarse, fine) => coarse * coarse * coarse * TimeSpan.TicksPerSecond * 10 + fine)
            .Array[1, 200]
            .Sample(times =>
            {
                var queue = new EventQueue();
                for (var i = 0; i < times.Length; i++) queue.Push(new SimEvent(times[i], EventKind.Check, i, 0, 0));
                var expected = times.Select((t, i) => (t, i)).OrderBy(x => x.t).ThenBy(x => x.i).Select(x => x.i).ToArray();
                var got = new List<int>();
                while (queue.TryPop(long.MaxValue - 1, out var e)) got.Add(e.Map);
                Assert.Equal(expected, got);
            });
    }

    [Fact]
    public void Events_pushed_while_running_keep_the_order()
    {
        var queue = new EventQueue();
        queue.Push(new SimEvent(100, EventKind.Check, 1, 0, 0));
        queue.Push(new SimEvent(100, EventKind.Check, 2, 0, 0));
        Assert.True(queue.TryPop(1000, out var first));
        Assert.Equal(1, first.Map);
        // Same tick as the running batch, and a later tick in the same millisecond slot.
        queue.Push(new SimEvent(150, EventKind.Check, 4, 0, 0));
        queue.Push(new SimEvent(100, EventKind.Check, 3, 0, 0));
        var order = new List<int>();
        while (queue.TryPop(1000, out var e)) order.Add(e.Map);
        Assert.Equal([2, 3, 4], order);
    }

    [Fact]
    public void Stops_at_the_end_time_and_keeps_later_events()
    {
        var queue = new EventQueue();
        queue.Push(new SimEvent(TimeSpan.TicksPerSecond * 5, EventKind.Check, 1, 0, 0));
        queue.Push(new SimEvent(TimeSpan.TicksPerHour, EventKind.Check, 2, 0, 0));
        Assert.True(queue.TryPop(TimeSpan.TicksPerMinute, out _));
        Assert.False(queue.TryPop(TimeSpan.TicksPerMinute, out _));
        Assert.Equal(1, queue.Count);
    }

    [Theory]
    [InlineData(new long[] { }, 0)]
    [InlineData(new long[] { 0, 10, 20 }, 1)]
    [InlineData(new long[] { 0, 10 }, 0)]
    [InlineData(new long[] { 0, 200, 400 }, 0)]
    [InlineData(new long[] { 0, 10, 20, 30, 40, 1000, 1010, 1020 }, 2)]
    [InlineData(new long[] { 0, 100, 200, 300, 400, 500, 600 }, 1)]
    public void Ping_pong_episodes_need_three_moves_within_five_minutes(long[] seconds, int episodes)
    {
        Assert.Equal(episodes, Simulator.CountEpisodes(seconds.Select(s => s * TimeSpan.TicksPerSecond).ToArray()));
    }
}
