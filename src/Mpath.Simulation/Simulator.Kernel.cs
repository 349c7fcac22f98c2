using Mpath.Core.Engine;
using Mpath.Simulation.Model;
using Mpath.Simulation.San;

namespace Mpath.Simulation;

/// <summary>
/// The kernel side: dm-multipath's path and group choice, pg_init through the hardware handler, and the I/O a map
/// carries. I/O is not simulated one request at a time: a map's next I/O (1/rate after something changed) discovers
/// the change, and stall time and errors are accounted from state durations.
/// </summary>
public sealed partial class Simulator
{
    private void RunIo(HostMap map)
    {
        var lun = _luns[map.Lun];
        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (lun.Moving)
            {
                SetIo(map, IoState.Stalled);
                return;
            }
            var group = ChooseGroup(map);
            if (group == 0)
            {
                // Every path failed: dm forgets its current group, so a returning path starts with a fresh pg_init.
                if (map.KernelGroup != 0) TraceMap(map, "no usable path", map.Queueing ? "I/O is queued (queue_if_no_path)" : "I/O errors go back to the application");
                map.KernelGroup = 0;
                UpdateHome(map);
                RecordHostTimeline(map);
                SetIo(map, map.Queueing ? IoState.Stalled : IoState.Failing);
                return;
            }
            if (group != map.KernelGroup)
            {
                var previous = map.KernelGroup;
                map.KernelGroup = group;
                map.PgInitNeeded = map.Settings.HardwareHandler;
                UpdateHome(map);
                RecordHostTimeline(map);
                if (group != map.Engine.CurrentGroup)
                {
                    _hosts[map.Host].KernelSwitches++;
                    TraceMap(map, $"kernel switched to path group {group}", previous == 0 ? "a path came back" : $"no usable path left in group {previous}");
                    EngineFor(map).OnKernelGroupSwitched(group, _actions);
                    AfterEngine(map);
                }
            }
            // pg_init is a command sent down one of the group's paths: with every link of the group dead it cannot
            // reach the array (and the I/O below errors out on those paths instead).
            if (map.PgInitNeeded && GroupHasLiveLink(map, group))
            {
                map.PgInitNeeded = false;
                var target = map.GroupController[group - 1];
                if (lun.Array.Behaviour is ArrayBehaviour.Explicit or ArrayBehaviour.AluaExplicit && target != lun.Owner)
                {
                    StartMove(lun, target, map, "pg_init of the hardware handler activated this controller");
                    return;
                }
            }

            var good = -1;
            var failedNow = false;
            var trespassTo = -1;
            for (var p = 0; p < map.Group.Length; p++)
            {
                if (map.Group[p] != group || !map.DmActive[p]) continue;
                var link = _links[map.Link[p]];
                if (!link.Up)
                {
                    if (!map.ErrorPending[p]) ScheduleIoError(map, p, map.Settings.IoFailTime);
                    continue;
                }
                var controller = map.Controller[p];
                if (lun.HasOwner && controller != lun.Owner)
                {
                    switch (lun.Array.Behaviour)
                    {
                        case ArrayBehaviour.Explicit or ArrayBehaviour.AluaExplicit:
                            // NOT READY from the passive side: dm fails the path at once.
                            map.DmActive[p] = false;
                            TraceMap(map, $"kernel failed path {PathName(map, p)}", $"I/O to passive controller {_controllers[controller].Name}: NOT READY");
                            EngineFor(map).OnKernelPathFailed(p, _actions);
                            AfterEngine(map, p);
                            failedNow = true;
                            continue;
                        case ArrayBehaviour.AutoTrespass:
                            trespassTo = controller;
                            continue;
                    }
                }
                if (good < 0) good = p;
                if (link.DropFraction > 0 && !map.ErrorPending[p])
                {
                    var rate = map.Settings.IoRate * link.DropFraction;
                    map.DropRandom ??= SeededRandom(map.RandomKey);
                    ScheduleIoError(map, p, -Math.Log(1 - map.DropRandom.NextDouble()) / rate + map.Settings.IoFailTime);
                }
            }
            if (good >= 0)
            {
                SetIo(map, IoState.Flowing, map.Controller[good]);
                return;
            }
            if (trespassTo >= 0)
            {
                StartMove(lun, trespassTo, map, "I/O reached the passive controller (auto-trespass)");
                return;
            }
            if (!failedNow)
            {
                SetIo(map, IoState.Stalled);
                return;
            }
        }
        SetIo(map, IoState.Stalled);
    }

    /// <summary>dm-multipath's choice: a requested switch, else the current group while it has a path, else the first group with one.</summary>
    private static int ChooseGroup(HostMap map)
    {
        if (map.NextGroup > 0)
        {
            var next = map.NextGroup;
            map.NextGroup = 0;
            if (HasActivePath(map, next)) return next;
        }
        if (map.KernelGroup > 0 && HasActivePath(map, map.KernelGroup)) return map.KernelGroup;
        for (var g = 1; g <= map.GroupController.Length; g++)
        {
            if (HasActivePath(map, g)) return g;
        }
        return 0;
    }

    private bool GroupHasLiveLink(HostMap map, int group)
    {
        for (var p = 0; p < map.Group.Length; p++)
        {
            if (map.Group[p] == group && map.DmActive[p] && _links[map.Link[p]].Up) return true;
        }
        return false;
    }

    private static bool HasActivePath(HostMap map, int group)
    {
        for (var p = 0; p < map.Group.Length; p++)
        {
            if (map.Group[p] == group && map.DmActive[p]) return true;
        }
        return false;
    }

    private void ScheduleIoError(HostMap map, int path, double afterSeconds)
    {
        map.ErrorPending[path] = true;
        _events.Push(new SimEvent(Now + VirtualClock.ToTicks(afterSeconds), EventKind.IoError, map.Id, path, 0));
    }

    /// <summary>An I/O sent down a path errors out: dm fails the path and retries on another one at once.</summary>
    private void OnIoError(HostMap map, int path)
    {
        map.ErrorPending[path] = false;
        var link = _links[map.Link[path]];
        if (!map.DmActive[path] || link.Up && link.DropFraction <= 0) return;
        map.DmActive[path] = false;
        TraceMap(map, $"kernel failed path {PathName(map, path)}", link.Up ? "a dropped I/O timed out" : "I/O to a dead link timed out (io_fail_time)");
        EngineFor(map).OnKernelPathFailed(path, _actions);
        AfterEngine(map, path);
        ScheduleIo(map, 0);
    }

    /// <summary>An ownership move: I/O to the LUN stalls on every host until it is done.</summary>
    private void StartMove(LunState lun, int target, HostMap? by, string why)
    {
        if (lun.Moving)
        {
            if (target != lun.MoveTarget) lun.QueuedTarget = target;
            foreach (var m in lun.Maps) SetIo(_maps[m], IoState.Stalled);
            return;
        }
        if (target == lun.Owner) return;
        lun.Moving = true;
        lun.MoveTarget = target;
        lun.MoveTimes.Add(Now);
        UpdateHome(lun);
        var host = by is null ? "array" : _scenario.Hosts[by.Host].Name;
        Trace(host, lun.Name, $"ownership move {_controllers[lun.Owner].Name} -> {_controllers[target].Name}", why);
        RecordLunTimeline(lun, "moving");
        foreach (var m in lun.Maps) SetIo(_maps[m], IoState.Stalled);
        _events.Push(new SimEvent(Now + VirtualClock.ToTicks(lun.Array.TrespassTime), EventKind.MoveDone, -1, 0, lun.Id));
    }

    private void FinishMove(LunState lun)
    {
        lun.Owner = lun.MoveTarget;
        lun.Moving = false;
        lun.MoveTarget = -1;
        UpdateOffDefault(lun);
        UpdateHome(lun);
        RecordLunTimeline(lun, _controllers[lun.Owner].Name);
        foreach (var m in lun.Maps)
        {
            // The new owner changes what every path's checker reports.
            var map = _maps[m];
            for (var p = 0; p < map.Link.Length; p++) Unsteady(map, p);
            ScheduleIo(map, map.IoDelayTicks);
        }
        if (lun.QueuedTarget >= 0)
        {
            var next = lun.QueuedTarget;
            lun.QueuedTarget = -1;
            StartMove(lun, next, null, "a pg_init that arrived during the previous move");
        }
    }

    /// <summary>alua-implicit: move the LUN to a controller that has carried a host's I/O for implicit_after seconds.</summary>
    private void CheckImplicitMove(LunState lun)
    {
        lun.ImplicitCheckPending = false;
        if (lun.Moving) return;
        var after = VirtualClock.ToTicks(lun.Array.ImplicitAfter);
        long earliest = long.MaxValue;
        foreach (var id in lun.Maps)
        {
            var m = _maps[id];
            if (m.Io != IoState.Flowing || m.FlowController < 0 || m.FlowController == lun.Owner) continue;
            if (Now - m.IoSince >= after)
            {
                StartMove(lun, m.FlowController, null, $"sustained I/O through non-optimized controller {_controllers[m.FlowController].Name} (implicit ALUA)");
                return;
            }
            earliest = Math.Min(earliest, m.IoSince + after);
        }
        if (earliest != long.MaxValue)
        {
            lun.ImplicitCheckPending = true;
            _events.Push(new SimEvent(earliest, EventKind.ImplicitCheck, -1, 0, lun.Id));
        }
    }

    private void ApplyFault(int index, bool start)
    {
        var f = _scenario.Faults[index];
        foreach (var link in _faultLinks[index])
        {
            switch (f.Kind)
            {
                case FaultKind.LinkDown or FaultKind.Flap or FaultKind.ControllerDown:
                    link.DownHolds += start ? 1 : -1;
                    break;
                case FaultKind.Drop:
                    link.DropFraction = start ? f.Fraction : 0;
                    break;
                case FaultKind.Latency:
                    link.LatencyMs += start ? f.LatencyMs : -f.LatencyMs;
                    break;
            }
            foreach (var (m, p) in link.Users)
            {
                Unsteady(_maps[m], p);
                ScheduleIo(_maps[m], _maps[m].IoDelayTicks);
            }
        }
        var what = f.Kind switch
        {
            FaultKind.Drop => start ? $"links start dropping {f.Fraction:P0} of I/O" : "links stop dropping I/O",
            FaultKind.Latency => start ? $"links gain {f.LatencyMs} ms latency" : "link latency back to normal",
            _ => start ? "links down" : "links up",
        };
        Trace(f.Host ?? "*", "*", $"fault {index + 1} ({KindName(f.Kind)}): {what}", string.Join(" ", _faultLinks[index].Select(l => $"{_scenario.Hosts[l.Host].Name}:{l.HostPort}->{l.ArrayPort}")));
    }

    internal static string KindName(FaultKind kind) => kind switch
    {
        FaultKind.LinkDown => "link-down",
        FaultKind.Flap => "flap",
        FaultKind.Drop => "drop",
        FaultKind.Latency => "latency",
        _ => "controller-down",
    };

    /// <summary>Schedules the map's next I/O (unless one is already due sooner).</summary>
    private void ScheduleIo(HostMap map, long delayTicks)
    {
        var at = Now + delayTicks;
        if (map.IoAt >= Now && map.IoAt <= at) return;
        map.IoAt = at;
        map.IoStamp = ++_stamp;
        _events.Push(new SimEvent(at, EventKind.Io, map.Id, 0, 0, map.IoStamp));
    }

    private void SetIo(HostMap map, IoState state, int flowController = -1)
    {
        if (map.Io == state && map.FlowController == flowController) return;
        var tally = _hosts[map.Host];
        var elapsed = Now - map.IoSince;
        if (map.Io == IoState.Stalled && state != IoState.Stalled)
        {
            tally.StallTicks += elapsed;
            if (elapsed > tally.WorstStallTicks) tally.WorstStallTicks = elapsed;
        }
        if (map.Io == IoState.Failing) tally.FailingTicks += elapsed;
        map.IoSince = Now;
        map.Io = state;
        map.FlowController = flowController;
        var lun = _luns[map.Lun];
        if (state == IoState.Flowing && lun.Array.Behaviour == ArrayBehaviour.AluaImplicit && flowController != lun.Owner && !lun.ImplicitCheckPending)
        {
            lun.ImplicitCheckPending = true;
            _events.Push(new SimEvent(Now + VirtualClock.ToTicks(lun.Array.ImplicitAfter), EventKind.ImplicitCheck, -1, 0, lun.Id));
        }
    }
}
