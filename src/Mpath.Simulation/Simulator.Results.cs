using Mpath.Simulation.Model;
using Mpath.Simulation.Results;
using Mpath.Simulation.San;

namespace Mpath.Simulation;

public sealed partial class Simulator
{
    /// <summary>Moves of one LUN within this window ...</summary>
    internal static readonly TimeSpan EpisodeWindow = TimeSpan.FromMinutes(5);
    /// <summary>... that make a ping-pong episode.</summary>
    internal const int EpisodeMoves = 3;

    /// <summary>One LUN's raw outcome.</summary>
    private sealed record RawLun(int Global, string Name, string DefaultOwner, string FinalOwner, IReadOnlyList<long> Moves, long OffDefaultTicks);

    /// <summary>What one partition measured, exact (ticks and counts) so that partitions add up to the same result.</summary>
    private sealed record RawRun(
        HostTally[] Hosts,
        IReadOnlyList<RawLun> Luns,
        bool AllHome,
        long AllHomeSince,
        long Checks,
        long Events,
        int PingPongWarnings,
        IReadOnlyDictionary<int, List<TimelinePoint>> HostTimelines,
        IReadOnlyDictionary<int, List<TimelinePoint>> LunTimelines);

    private RawRun Collect()
    {
        // Close the intervals still open at the end of the run.
        foreach (var map in _maps) CloseIoInterval(map);
        var luns = _luns.Select(l =>
        {
            var off = l.OffDefaultTicks + (l.OffDefaultSince >= 0 ? Now - l.OffDefaultSince : 0);
            var final = l.Moving ? l.MoveTarget : l.Owner;
            return new RawLun(l.Global, l.Name, _controllers[l.DefaultOwner].Name, _controllers[final].Name, l.MoveTimes, off);
        }).ToList();
        return new RawRun(_hosts, luns, _notHome == 0, _allHomeSince, _checks, _eventCount, _pingPongWarnings, _hostTimeline, _lunTimeline);
    }

    private static RunResult Summarize(Scenario scenario, string runName, IReadOnlyList<RawRun> parts)
    {
        var luns = parts.SelectMany(p => p.Luns).OrderBy(l => l.Global).Select(l => new LunResult(
            l.Name,
            l.DefaultOwner,
            l.FinalOwner,
            l.Moves.Count,
            CountEpisodes(l.Moves),
            Round(ToSeconds(l.OffDefaultTicks)))).ToList();
        var hosts = new List<HostResult>();
        for (var h = 0; h < scenario.Hosts.Count; h++)
        {
            var tallies = parts.Select(p => p.Hosts[h]).ToList();
            var failing = tallies.Sum(t => t.FailingTicks);
            hosts.Add(new HostResult(
                scenario.Hosts[h].Name,
                Round(ToSeconds(tallies.Sum(t => t.StallTicks))),
                Round(ToSeconds(tallies.Max(t => t.WorstStallTicks))),
                (long)Math.Round(ToSeconds(failing) * scenario.Hosts[h].Settings.IoRate),
                tallies.Sum(t => t.EngineSwitches),
                tallies.Sum(t => t.KernelSwitches),
                tallies.Sum(t => t.PingPongWarnings)));
        }
        var repair = scenario.LastRepair;
        double? latency = null;
        if (parts.All(p => p.AllHome))
        {
            var since = ToSeconds(parts.Max(p => p.AllHomeSince));
            latency = repair is { } r ? Round(Math.Max(0, since - r)) : 0;
        }
        var moves = luns.Sum(l => l.OwnershipMoves);
        var firstLun = scenario.Arrays.SelectMany(a => a.Luns).FirstOrDefault()?.Name ?? "";
        var lunNames = scenario.Arrays.SelectMany(a => a.Luns).Select(l => l.Name).ToList();
        return new RunResult
        {
            Failback = runName,
            Duration = scenario.Duration,
            RepairAt = repair,
            FailbackLatency = latency,
            OwnershipMoves = moves,
            MovesPerLun = luns.Count == 0 ? 0 : Round((double)moves / luns.Count),
            MaxMovesPerLun = luns.Count == 0 ? 0 : luns.Max(l => l.OwnershipMoves),
            PingPongEpisodes = luns.Sum(l => l.PingPongEpisodes),
            EnginePingPongWarnings = parts.Sum(p => p.PingPongWarnings),
            IoErrors = hosts.Sum(h => h.IoErrors),
            StallTotal = Round(hosts.Sum(h => h.StallTotal)),
            StallWorst = hosts.Count == 0 ? 0 : hosts.Max(h => h.StallWorst),
            OffPreferredSecondsPerLun = luns.Count == 0 ? 0 : Round(luns.Average(l => l.OffPreferredSeconds)),
            EngineSwitches = hosts.Sum(h => h.EngineSwitches),
            KernelSwitches = hosts.Sum(h => h.KernelSwitches),
            PathChecks = parts.Sum(p => p.Checks),
            Events = parts.Sum(p => p.Events),
            Hosts = hosts,
            Luns = luns,
            HostTimelines = parts.SelectMany(p => p.HostTimelines).OrderBy(kv => kv.Key)
                .Select(kv => new Timeline($"{scenario.Hosts[kv.Key].Name} ({firstLun})", kv.Value)).ToList(),
            LunTimelines = parts.SelectMany(p => p.LunTimelines).OrderBy(kv => kv.Key)
                .Select(kv => new Timeline(lunNames[kv.Key], kv.Value)).ToList(),
        };
    }

    /// <summary>Accounts a stall or error interval still open at the end of the run.</summary>
    private void CloseIoInterval(HostMap map)
    {
        var tally = _hosts[map.Host];
        var elapsed = Now - map.IoSince;
        if (map.Io == IoState.Stalled)
        {
            tally.StallTicks += elapsed;
            if (elapsed > tally.WorstStallTicks) tally.WorstStallTicks = elapsed;
        }
        else if (map.Io == IoState.Failing)
        {
            tally.FailingTicks += elapsed;
        }
        map.IoSince = Now;
    }

    /// <summary>
    /// Ping-pong episodes seen from the array: a run of moves in which some <see cref="EpisodeMoves"/> fall within
    /// <see cref="EpisodeWindow"/>; the episode lasts until the LUN stays put for a whole window.
    /// </summary>
    internal static int CountEpisodes(IReadOnlyList<long> moves)
    {
        var window = EpisodeWindow.Ticks;
        var episodes = 0;
        var inEpisode = false;
        for (var i = 0; i < moves.Count; i++)
        {
            if (inEpisode && i > 0 && moves[i] - moves[i - 1] > window) inEpisode = false;
            if (!inEpisode && i >= EpisodeMoves - 1 && moves[i] - moves[i - EpisodeMoves + 1] <= window)
            {
                episodes++;
                inEpisode = true;
            }
        }
        return episodes;
    }

    private static double ToSeconds(long ticks) => ticks / (double)TimeSpan.TicksPerSecond;

    private static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);
}
