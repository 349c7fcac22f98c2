using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Daemon.Metrics;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Tests.Metrics;

[Collection(MeterCollection.Name)]
public sealed class DaemonMetersTests
{
    private static PathSnapshot Path(string dev, CheckerState state) => new(new PathInfo(dev, "8:0", "0:0:0:1", "ACME", "ARRAY", "1", "w1")) { State = state };

    private static DaemonSnapshot Snapshot(params MapSnapshot[] maps) => new(maps, [], DateTimeOffset.UnixEpoch);

    private static MapSnapshot Map(string name, bool queueIfNoPath, params PathSnapshot[] paths) =>
        new(name, "w-" + name, [new GroupSnapshot(1, "service-time 0", 1, PathGroupState.Active, paths)]) { QueueIfNoPath = queueIfNoPath };

    [Fact]
    public void Checks_are_counted_by_checker_and_result_with_their_latency()
    {
        using var meters = new DaemonMeters(() => Snapshot());
        using var recorder = new MeterRecorder(meters.Meter);
        meters.PathChecked("tur", CheckerState.Up, TimeSpan.FromMilliseconds(2));
        meters.PathChecked("tur", CheckerState.Down, TimeSpan.FromMilliseconds(30));
        meters.PathChecked("directio", CheckerState.Up, TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, recorder.Sum("mpath_path_checks_total", ("checker", "tur"), ("result", "up")));
        Assert.Equal(1, recorder.Sum("mpath_path_checks_total", ("checker", "tur"), ("result", "down")));
        Assert.Equal(3, recorder.Sum("mpath_path_checks_total"));
        Assert.Equal(0.032, recorder.Sum("mpath_path_check_duration_seconds", ("checker", "tur")), 6);
    }

    [Fact]
    public void Engine_decisions_become_failures_switches_and_warnings_by_reason()
    {
        using var meters = new DaemonMeters(() => Snapshot());
        using var recorder = new MeterRecorder(meters.Meter);
        meters.EngineActionExecuted("m1", new EngineAction(ActionKind.FailPath, ActionReason.CheckerDown, LogSeverity.Warning, 0));
        meters.EngineActionExecuted("m1", new EngineAction(ActionKind.FailPath, ActionReason.KernelFailedPath, LogSeverity.Warning, 1));
        meters.EngineActionExecuted("m1", new EngineAction(ActionKind.ReinstatePath, ActionReason.OperatorReinstatePath, LogSeverity.Notice, 1));
        meters.EngineActionExecuted("m1", new EngineAction(ActionKind.SwitchGroup, ActionReason.FailbackFollowover, LogSeverity.Notice, Group: 1));
        meters.EngineActionExecuted("m2", new EngineAction(ActionKind.SwitchGroup, ActionReason.KernelFailedPath, LogSeverity.Notice, Group: 2));
        meters.EngineActionExecuted("m2", new EngineAction(ActionKind.Log, ActionReason.PingPongSuspected, LogSeverity.Warning, Count: 4));
        meters.EngineActionExecuted("m2", new EngineAction(ActionKind.Log, ActionReason.FailbackRateLimited, LogSeverity.Warning, Count: 3));
        meters.EngineActionExecuted("m2", new EngineAction(ActionKind.Log, ActionReason.CheckerUp, LogSeverity.Info));
        meters.DmMessageFailed("m2");
        meters.UeventProcessed("add");
        meters.UeventProcessed("add");
        meters.UeventProcessed("remove");

        Assert.Equal(1, recorder.Sum("mpath_path_failures_total", ("map", "m1"), ("reason", "checker")));
        Assert.Equal(1, recorder.Sum("mpath_path_failures_total", ("map", "m1"), ("reason", "kernel")));
        Assert.Equal(1, recorder.Sum("mpath_path_reinstates_total", ("map", "m1"), ("reason", "operator")));
        Assert.Equal(1, recorder.Sum("mpath_group_switches_total", ("map", "m1"), ("reason", "failback_followover")));
        Assert.Equal(1, recorder.Sum("mpath_group_switches_total", ("map", "m2"), ("reason", "failover")));
        Assert.Equal(1, recorder.Sum("mpath_pingpong_warnings_total", ("map", "m2")));
        Assert.Equal(1, recorder.Sum("mpath_failbacks_suppressed_total", ("map", "m2")));
        Assert.Equal(1, recorder.Sum("mpath_dm_message_failures_total", ("map", "m2")));
        Assert.Equal(2, recorder.Sum("mpath_uevents_processed_total", ("action", "add")));
        Assert.Equal(1, recorder.Sum("mpath_uevents_processed_total", ("action", "remove")));
    }

    [Theory]
    [InlineData(ActionReason.FailbackImmediate, "failback_immediate")]
    [InlineData(ActionReason.FailbackDeferredExpired, "failback_deferred")]
    [InlineData(ActionReason.FailbackFollowover, "failback_followover")]
    [InlineData(ActionReason.OperatorSwitchGroup, "operator")]
    [InlineData(ActionReason.CheckerDown, "failover")]
    public void Switch_reasons_name_the_failback_mode(ActionReason reason, string label) => Assert.Equal(label, DaemonMeters.SwitchLabel(reason));

    [Fact]
    public void Gauges_read_path_states_and_queueing_from_the_latest_snapshot()
    {
        var current = Snapshot(
            Map("m1", true, Path("sda", CheckerState.Up), Path("sdb", CheckerState.Down)),
            Map("m2", true, Path("sdc", CheckerState.Down), Path("sdd", CheckerState.Down)),
            Map("m3", false, Path("sde", CheckerState.Ghost)));
        using var meters = new DaemonMeters(() => current);
        using var recorder = new MeterRecorder(meters.Meter);
        recorder.Observe();
        Assert.Equal(3, recorder.Sum("mpath_maps"));
        Assert.Equal(1, recorder.Sum("mpath_paths", ("state", "up")));
        Assert.Equal(3, recorder.Sum("mpath_paths", ("state", "down")));
        Assert.Equal(1, recorder.Sum("mpath_paths", ("state", "ghost")));
        Assert.Equal(1, recorder.Sum("mpath_map_usable_paths", ("map", "m1")));
        Assert.Equal(0, recorder.Sum("mpath_map_usable_paths", ("map", "m2")));
        Assert.Equal(1, recorder.Sum("mpath_map_queue_if_no_path", ("map", "m2")));
        Assert.Equal(0, recorder.Sum("mpath_map_queue_if_no_path", ("map", "m3")));
        Assert.Equal(1, recorder.Sum("mpath_map_queueing", ("map", "m2")));
        Assert.Equal(0, recorder.Sum("mpath_map_queueing", ("map", "m1")));
    }

    [Fact]
    public void The_grafana_dashboard_and_the_metrics_doc_use_only_metrics_the_daemon_records()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "Directory.Build.props"))) root = root.Parent;
        Assert.NotNull(root);
        using var meters = new DaemonMeters(() => Snapshot());
        var instruments = new HashSet<string>(StringComparer.Ordinal);
        using (var listener = new System.Diagnostics.Metrics.MeterListener())
        {
            listener.InstrumentPublished = (i, _) =>
            {
                if (ReferenceEquals(i.Meter, meters.Meter)) instruments.Add(i.Name);
            };
            listener.Start();
        }
        foreach (var file in new[] { "docs/grafana/mpath-dashboard.json", "docs/metrics.md" })
        {
            var text = File.ReadAllText(System.IO.Path.Combine(root.FullName, file));
            var used = System.Text.RegularExpressions.Regex.Matches(text, @"mpath_[a-z_]+").Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(used);
            foreach (var name in used)
            {
                var instrument = name.EndsWith("_bucket", StringComparison.Ordinal) ? name[..^"_bucket".Length] : name;
                Assert.True(instruments.Contains(instrument), $"{file} uses {name}, which the daemon does not record");
            }
        }
    }
}
