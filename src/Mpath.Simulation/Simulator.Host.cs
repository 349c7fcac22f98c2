using System.Globalization;
using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Simulation.Model;
using Mpath.Simulation.Results;
using Mpath.Simulation.San;

namespace Mpath.Simulation;

/// <summary>The host side: executing the engine's actions on the kernel model.</summary>
public sealed partial class Simulator
{
    /// <summary>
    /// Executes what the engine decided on the kernel model, then keeps the checks and timer scheduled. After a call
    /// about one path only that path's schedule can have moved (<paramref name="path"/>); -1 looks at them all.
    /// </summary>
    private void AfterEngine(HostMap map, int path = -1)
    {
        if (_actions.Count > 0)
        {
            // Copy out first: a regroup calls back into the engine, which appends to the same list.
            var actions = _actions.ToArray();
            _actions.Clear();
            foreach (var action in actions)
            {
                Execute(map, action);
                if (action.Kind == ActionKind.ReloadMap) path = -1;
            }
        }
        var engine = map.Engine;
        if (path >= 0) Reschedule(map, path);
        else for (var p = 0; p < map.Link.Length; p++) Reschedule(map, p);
        if (engine.NextTimerDue is { } timer)
        {
            var at = Math.Max(Now, VirtualClock.ToTicks(timer));
            if (at != map.TimerAt)
            {
                map.TimerAt = at;
                map.TimerStamp = ++_stamp;
                _events.Push(new SimEvent(at, EventKind.EngineTimer, map.Id, 0, 0, map.TimerStamp));
            }
        }
        NoteSteadyChecks(map);
    }

    private void Execute(HostMap map, EngineAction action)
    {
        if (_trace is not null || action.Reason == ActionReason.PingPongSuspected)
        {
            TraceMap(map, action.Kind == ActionKind.Log ? action.Reason.ToString() : action.Kind.ToString(), action.Describe(map.Engine));
        }
        switch (action.Kind)
        {
            case ActionKind.FailPath:
                map.DmActive[action.Path] = false;
                ScheduleIo(map, map.IoDelayTicks);
                break;
            case ActionKind.ReinstatePath:
                map.DmActive[action.Path] = true;
                // Queued I/O is dispatched as soon as a path returns; otherwise the next I/O may use it.
                ScheduleIo(map, map.Io == IoState.Flowing ? map.IoDelayTicks : 0);
                break;
            case ActionKind.SwitchGroup:
                map.NextGroup = action.Group;
                _hosts[map.Host].EngineSwitches++;
                ScheduleIo(map, map.IoDelayTicks);
                break;
            case ActionKind.EnableQueueing:
                map.Queueing = true;
                ScheduleIo(map, 0);
                break;
            case ActionKind.DisableQueueing:
                map.Queueing = false;
                ScheduleIo(map, 0);
                break;
            case ActionKind.ReloadMap:
                Regroup(map);
                break;
            case ActionKind.SampleIo:
                _events.Push(new SimEvent(Now + VirtualClock.ToTicks(action.Count), EventKind.IoSampleDone, map.Id, action.Path, action.Count));
                break;
            case ActionKind.Log when action.Reason == ActionReason.PingPongSuspected:
                _hosts[map.Host].PingPongWarnings++;
                _pingPongWarnings++;
                break;
        }
    }

    /// <summary>
    /// marginal_path_*: the sample's direct reads, ten a second, each lost with the link's drop fraction (all of them
    /// on a dead link), judged by the link's state when the sample ends.
    /// </summary>
    private void FinishIoSample(HostMap map, int path, int seconds)
    {
        var link = _links[map.Link[path]];
        var reads = seconds * 10;
        var errors = reads;
        if (link.Up)
        {
            map.DropRandom ??= SeededRandom(map.RandomKey);
            errors = 0;
            for (var i = 0; i < reads; i++)
            {
                if (map.DropRandom.NextDouble() < link.DropFraction) errors++;
            }
        }
        TraceMap(map, $"I/O sample of {PathName(map, path)} done", $"{errors} of {reads} reads failed");
        map.Engine.OnIoSampleResult(path, reads, errors, _actions);
        AfterEngine(map, path);
    }

    /// <summary>group_by_prio after a priority change: rebuild the groups from the engine's priorities and reload.</summary>
    private void Regroup(HostMap map)
    {
        var priorities = Enumerable.Range(0, map.Link.Length).Select(p => map.Engine.Path(p).Priority).ToArray();
        var oldController = map.KernelGroup > 0 ? map.GroupController[map.KernelGroup - 1] : -1;
        var specs = Layout(map, _luns[map.Lun], map.HomeController, priorities);
        EngineFor(map).ApplyLayout(specs, currentGroup: 1);
        // The reloaded table starts on its first (best) group; entering it runs pg_init.
        map.KernelGroup = 0;
        map.NextGroup = 1;
        if (map.GroupController[0] != oldController) _hosts[map.Host].EngineSwitches++;
        ScheduleIo(map, map.IoDelayTicks);
    }

    // ---- home: every host on its preferred group and every LUN on its default owner ----

    private void UpdateHome(HostMap map)
    {
        var home = map.KernelGroup > 0 && map.GroupController[map.KernelGroup - 1] == map.HomeController;
        if (home == map.Home) return;
        map.Home = home;
        NoteHome(home);
    }

    private void UpdateHome(LunState lun)
    {
        var home = !lun.HasOwner || (lun.Owner == lun.DefaultOwner && !lun.Moving);
        if (home == lun.Home) return;
        lun.Home = home;
        NoteHome(home);
    }

    private void NoteHome(bool home)
    {
        _notHome += home ? -1 : 1;
        if (_notHome == 0) _allHomeSince = Now;
    }

    private void UpdateOffDefault(LunState lun)
    {
        var off = lun.HasOwner && lun.Owner != lun.DefaultOwner;
        if (off && lun.OffDefaultSince < 0) lun.OffDefaultSince = Now;
        else if (!off && lun.OffDefaultSince >= 0)
        {
            lun.OffDefaultTicks += Now - lun.OffDefaultSince;
            lun.OffDefaultSince = -1;
        }
    }

    // ---- timelines and trace ----

    private void RecordHostTimeline(HostMap map)
    {
        if (_luns[map.Lun].Global != 0 || !_hostTimeline.TryGetValue(map.Host, out var points)) return;
        var value = map.KernelGroup > 0 ? _controllers[map.GroupController[map.KernelGroup - 1]].Name : "none";
        if (points[^1].Value != value) points.Add(new TimelinePoint(NowSeconds, value));
    }

    private void RecordLunTimeline(LunState lun, string value)
    {
        if (_lunTimeline.TryGetValue(lun.Global, out var points)) points.Add(new TimelinePoint(NowSeconds, value));
    }

    private string PathName(HostMap map, int path)
    {
        var link = _links[map.Link[path]];
        return $"{link.HostPort}:{link.ArrayPort}";
    }

    private void TraceMap(HostMap map, string what, string reason)
    {
        if (_trace is null) return;
        Trace(_scenario.Hosts[map.Host].Name, _luns[map.Lun].Name, what, reason);
    }

    private void Trace(string host, string lun, string what, string reason) =>
        _trace?.Write(_runName, NowSeconds, host, lun, what, reason);

    internal static string Seconds(double s) => s.ToString("0.0", CultureInfo.InvariantCulture);
}
