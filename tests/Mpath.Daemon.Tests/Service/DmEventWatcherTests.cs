using Microsoft.Extensions.Logging.Abstractions;
using Mpath.Daemon.Service;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Tests.DeviceMapper;

namespace Mpath.Daemon.Tests.Service;

public sealed class DmEventWatcherTests : IDisposable
{
    /// <summary>A poll descriptor the test fires by hand.</summary>
    private sealed class ManualSignal : IDmEventSignal
    {
        private readonly SemaphoreSlim _fired = new(0);
        public bool Disposed { get; private set; }

        public void Fire() => _fired.Release();

        public bool Wait(TimeSpan timeout) => _fired.Wait(timeout);

        public void Dispose()
        {
            Disposed = true;
            _fired.Dispose();
        }
    }

    private readonly FakeDeviceMapper _dm = new();
    private readonly ManualSignal _signal = new();
    private readonly List<string> _reported = [];

    public void Dispose() => _signal.Dispose();

    private DmEventWatcher Watcher() => new(_dm, name =>
    {
        lock (_reported) _reported.Add(name);
    }, NullLogger.Instance, _signal);

    private List<string> ReportedAfterFiring()
    {
        int before;
        lock (_reported) before = _reported.Count;
        _signal.Fire();
        // the poll thread reports after it listed the counters; give it time to, then take what it said
        for (var i = 0; i < 200; i++)
        {
            lock (_reported)
            {
                if (_reported.Count > before) break;
            }
            Thread.Sleep(5);
        }
        Thread.Sleep(20);
        lock (_reported) return _reported.Skip(before).ToList();
    }

    [Fact]
    public void One_poll_reports_only_the_watched_maps_whose_counter_moved()
    {
        _dm.Add("mpatha", "mpath-a", 8, "t", "s");
        _dm.Add("mpathb", "mpath-b", 8, "t", "s");
        _dm.Add("other", "", 8, "t", "s", type: "linear");
        using var watcher = Watcher();
        watcher.Watch("mpatha", 0);
        watcher.Watch("mpathb", 0);

        lock (_dm.Maps) _dm.Maps["mpathb"].EventNumber = 1;
        lock (_dm.Maps) _dm.Maps["other"].EventNumber = 5;
        Assert.Equal(["mpathb"], ReportedAfterFiring());

        // nothing moved: a spurious wakeup reports nothing
        Assert.Empty(ReportedAfterFiring());

        lock (_dm.Maps)
        {
            _dm.Maps["mpatha"].EventNumber = 3;
            _dm.Maps["mpathb"].EventNumber = 2;
        }
        Assert.Equal(["mpatha", "mpathb"], ReportedAfterFiring().Order());
    }

    [Fact]
    public void An_event_whose_listing_failed_is_reported_without_waiting_for_another()
    {
        _dm.Add("mpatha", "mpath-a", 8, "t", "s");
        using var watcher = Watcher();
        watcher.Watch("mpatha", 0);
        lock (_dm.Maps)
        {
            _dm.Maps["mpatha"].EventNumber = 1;
            _dm.ListFailures = 1;
        }
        _signal.Fire();
        // the retry comes after a one-second pause, with no second signal
        for (var i = 0; i < 400; i++)
        {
            lock (_reported)
            {
                if (_reported.Count > 0) break;
            }
            Thread.Sleep(10);
        }
        lock (_reported) Assert.Equal(["mpatha"], _reported);
    }

    [Fact]
    public void A_map_gone_from_the_list_is_forgotten_and_watched_afresh_when_it_comes_back()
    {
        _dm.Add("mpatha", "mpath-a", 8, "t", "s");
        using var watcher = Watcher();
        watcher.Watch("mpatha", 0);
        lock (_dm.Maps) _dm.Maps.Remove("mpatha");
        Assert.Empty(ReportedAfterFiring());

        // created again under the same name: its counter starts over, which is no event in itself
        _dm.Add("mpatha", "mpath-a", 8, "t", "s");
        Assert.Empty(ReportedAfterFiring());
        watcher.Watch("mpatha", 0);
        lock (_dm.Maps) _dm.Maps["mpatha"].EventNumber = 1;
        Assert.Equal(["mpatha"], ReportedAfterFiring());
    }

    [Fact]
    public void Dispose_stops_the_poll_thread_and_closes_the_signal()
    {
        _dm.Add("mpatha", "mpath-a", 8, "t", "s");
        var watcher = Watcher();
        watcher.Watch("mpatha", 0);
        watcher.Dispose();
        Assert.True(_signal.Disposed);
    }
}
