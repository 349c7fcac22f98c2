using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Simulation.Model;
using Mpath.Simulation.San;

namespace Mpath.Simulation;

/// <summary>
/// The path checker model and the check schedule. Almost every check of a large SAN finds a healthy path healthy
/// again and changes nothing: once the engine says a path's checks are steady (<see cref="MapEngine.IsSteadyCheck"/>),
/// they run here without the engine (same events, same order, same counts) until something that could change the
/// answer happens to the map: any other engine call, its link changing, or its LUN changing owner.
/// </summary>
public sealed partial class Simulator
{
    /// <summary>One path's place in the check schedule, kept in a flat table that the steady checks alone touch.</summary>
    private struct CheckSchedule
    {
        /// <summary>When the path's check event is due, and the stamp that tells it from stale ones.</summary>
        public long At;
        public long Stamp;
        /// <summary>The path's check interval while its checks are steady; 0 when its next check must go to the engine.</summary>
        public long SteadyTicks;
        /// <summary>When the last check the engine has not been told of ran; -1 when there is none.</summary>
        public long LastSkipped;
    }

    private CheckSchedule[] _schedules = new CheckSchedule[64];
    private int _scheduleCount;

    /// <summary>Reserves <paramref name="paths"/> schedules for a new map; returns the first one's index.</summary>
    private int AddSchedules(int paths)
    {
        var first = _scheduleCount;
        _scheduleCount += paths;
        if (_scheduleCount > _schedules.Length) Array.Resize(ref _schedules, Math.Max(_scheduleCount, _schedules.Length * 2));
        for (var i = first; i < _scheduleCount; i++) _schedules[i].LastSkipped = -1;
        return first;
    }

    private void RunCheckEvent(in SimEvent e)
    {
        ref var schedule = ref _schedules[e.Arg];
        if (schedule.Stamp != e.Stamp) return;
        if (schedule.SteadyTicks == 0)
        {
            RunCheck(_maps[e.Map], e.Path);
            return;
        }
        // What RunCheck and AfterEngine would do: count the check and schedule the next one an interval later.
        _checks++;
        schedule.LastSkipped = Now;
        schedule.At = Now + schedule.SteadyTicks;
        schedule.Stamp = ++_stamp;
        _events.Push(new SimEvent(schedule.At, EventKind.Check, e.Map, e.Path, e.Arg, schedule.Stamp));
    }

    private void RunCheck(HostMap map, int path)
    {
        _checks++;
        var lun = _luns[map.Lun];
        EngineFor(map).OnCheckerResult(path, CheckResult(map, lun, path), CheckPriority(map, lun, path), _actions);
        AfterEngine(map, path);
    }

    /// <summary>What the path checker reports for a path now.</summary>
    private CheckerState CheckResult(HostMap map, LunState lun, int path)
    {
        var link = _links[map.Link[path]];
        var controller = map.Controller[path];
        if (!link.Up) return CheckerState.Down;
        if (link.LatencyMs >= map.Settings.CheckerTimeout * 1000) return CheckerState.Timeout;
        if (!lun.HasOwner || controller == lun.Owner || lun.Array.Behaviour == ArrayBehaviour.AluaImplicit) return CheckerState.Up;
        return CheckerState.Ghost;
    }

    /// <summary>The prioritizer's fresh value that comes with a check (ALUA only; -1: not refreshed).</summary>
    private int CheckPriority(HostMap map, LunState lun, int path) =>
        map.Settings.Priority == PriorityModel.Alua ? PriorityOf(map, lun, path, map.HomeController) : -1;

    /// <summary>
    /// The map's engine, first told of the checks that ran without it: every call that can change the engine goes
    /// through here, and <see cref="AfterEngine"/> then decides anew which paths are steady.
    /// </summary>
    private MapEngine EngineFor(HostMap map)
    {
        for (var p = 0; p < map.Link.Length; p++)
        {
            ref var schedule = ref _schedules[map.FirstPath + p];
            if (schedule.LastSkipped < 0) continue;
            map.Engine.OnSteadyChecksSkipped(p, VirtualClock.Epoch.AddTicks(schedule.LastSkipped));
            schedule.LastSkipped = -1;
        }
        return map.Engine;
    }

    /// <summary>
    /// After the engine and its actions ran: a path's checks are steady when the engine says the check it would get
    /// now changes nothing, its schedule is the engine's, and the engine's timer needs no new event.
    /// </summary>
    private void NoteSteadyChecks(HostMap map)
    {
        var lun = _luns[map.Lun];
        var timerSettled = map.Engine.NextTimerDue is not { } timer
            || VirtualClock.ToTicks(timer) >= Now && VirtualClock.ToTicks(timer) == map.TimerAt;
        for (var p = 0; p < map.Link.Length; p++)
        {
            ref var schedule = ref _schedules[map.FirstPath + p];
            ref readonly var path = ref map.Engine.Path(p);
            var steady = timerSettled
                && path.CheckInterval > TimeSpan.Zero
                && VirtualClock.ToTicks(path.NextCheck) + map.CheckDelayTicks == schedule.At
                && map.Engine.IsSteadyCheck(p, CheckResult(map, lun, p), CheckPriority(map, lun, p));
            schedule.SteadyTicks = steady ? path.CheckInterval.Ticks + map.CheckDelayTicks : 0;
        }
    }

    /// <summary>What a path's check reports may have changed (its link, its LUN's owner): its next check goes to the engine.</summary>
    private void Unsteady(HostMap map, int path) => _schedules[map.FirstPath + path].SteadyTicks = 0;

    /// <summary>
    /// A check event stands for the moment the engine hears the result: check_duration after the engine asked for the
    /// check, as a daemon schedules the next check from when it processed the last one.
    /// </summary>
    private void Reschedule(HostMap map, int path)
    {
        var due = VirtualClock.ToTicks(map.Engine.NextCheckDue(path)) + map.CheckDelayTicks;
        if (due <= Now) due = Now + 1;
        if (due != _schedules[map.FirstPath + path].At) ScheduleCheckAt(map, path, due);
    }

    private void ScheduleCheckAt(HostMap map, int path, long at)
    {
        ref var schedule = ref _schedules[map.FirstPath + path];
        schedule.At = at;
        schedule.Stamp = ++_stamp;
        _events.Push(new SimEvent(at, EventKind.Check, map.Id, path, map.FirstPath + path, schedule.Stamp));
    }
}
