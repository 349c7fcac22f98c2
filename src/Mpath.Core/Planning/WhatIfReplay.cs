using Mpath.Core.Engine;
using Mpath.Core.Model;

namespace Mpath.Core.Planning;

/// <summary>
/// Replays a what-if timeline through the same engine the daemon runs, with a minimal model of the kernel: checks
/// happen when the engine schedules them and report the last result the timeline gave for that path; when the
/// current group has no path left that dm considers active, the kernel moves to the first group that has one.
/// </summary>
public static class WhatIfReplay
{
    public static WhatIfOutcome Run(string mapName, IReadOnlyList<EnginePathSpec> paths, MapPolicy policy, WhatIfTimeline timeline, int initialGroup = 1)
    {
        var clock = new VirtualClock();
        var engine = new MapEngine(mapName, paths, policy, clock, initialGroup);
        var reported = new CheckerState[paths.Count];
        Array.Fill(reported, CheckerState.Up);
        var events = timeline.Events.OrderBy(e => e.At).ToArray();
        var failbacks = new List<double>();
        var log = new List<WhatIfLogLine>();
        var actions = new List<EngineAction>();
        var end = VirtualClock.At(timeline.End);
        var nextEvent = 0;

        void Record()
        {
            foreach (var a in actions)
            {
                log.Add(new(clock.Seconds, a.Describe(engine)));
                if (a.Kind == ActionKind.SwitchGroup && a.Reason is ActionReason.FailbackImmediate or ActionReason.FailbackDeferredExpired or ActionReason.FailbackFollowover)
                {
                    failbacks.Add(clock.Seconds);
                }
            }
            actions.Clear();
            FollowKernelFailover(engine, actions);
            foreach (var a in actions) log.Add(new(clock.Seconds, a.Describe(engine)));
            actions.Clear();
        }

        while (true)
        {
            var eventDue = nextEvent < events.Length ? VirtualClock.At(events[nextEvent].At) : DateTimeOffset.MaxValue;
            var (checkDue, path) = NextCheck(engine);
            var timerDue = engine.NextTimerDue ?? DateTimeOffset.MaxValue;
            var due = Min(eventDue, Min(checkDue, timerDue));
            if (due > end) break;
            clock.MoveTo(due < clock.Now ? clock.Now : due);
            if (due == eventDue)
            {
                var e = events[nextEvent++];
                var index = engine.IndexOf(e.Dev);
                if (index < 0) throw new ArgumentException($"timeline event at {e.At} s names unknown path '{e.Dev}'");
                if (e is CheckerReports c) reported[index] = c.Result;
                else engine.OnKernelPathFailed(index, actions);
            }
            else if (due == timerDue)
            {
                engine.OnTimer(actions);
            }
            else
            {
                engine.OnCheckerResult(path, reported[path], -1, actions);
            }
            Record();
        }
        return new(failbacks, log);
    }

    private static (DateTimeOffset Due, int Path) NextCheck(MapEngine engine)
    {
        var best = (Due: DateTimeOffset.MaxValue, Path: -1);
        for (var i = 0; i < engine.PathCount; i++)
        {
            var due = engine.NextCheckDue(i);
            if (due < best.Due) best = (due, i);
        }
        return best;
    }

    /// <summary>dm-multipath leaves a group whose paths are all failed for the first group with an active path.</summary>
    private static void FollowKernelFailover(MapEngine engine, List<EngineAction> actions)
    {
        if (GroupHasActivePath(engine, engine.CurrentGroup)) return;
        for (var g = 1; g <= engine.GroupCount; g++)
        {
            if (GroupHasActivePath(engine, g))
            {
                engine.OnKernelGroupSwitched(g, actions);
                return;
            }
        }
    }

    private static bool GroupHasActivePath(MapEngine engine, int group)
    {
        for (var i = 0; i < engine.PathCount; i++)
        {
            ref readonly var p = ref engine.Path(i);
            if (p.Group == group && p.DmState == DmPathState.Active) return true;
        }
        return false;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
