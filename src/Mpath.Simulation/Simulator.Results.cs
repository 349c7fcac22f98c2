using Mpath.Simulation.Results;
using Mpath.Simulation.San;

namespace Mpath.Simulation;

public sealed partial class Simulator
{
    /// <summary>Moves of one LUN within this window ...</summary>
    internal static readonly TimeSpan EpisodeWindow = TimeSpan.FromMinutes(5);
    /// <summary>... that make a ping-pong episode.</summary>
    internal const int EpisodeMoves = 3;

    private RunResult Collect()
    {
        // Close the open intervals at the end of the run.
        foreach (var map in _maps) CloseIoInterval(map);
        foreach (var lun in _luns)
        {
            if (lun.OffDefaultSince < 0) continue;
            lun.OffDefaultTicks += Now - lun.OffDefaultSince;
            lun.OffDefaultSince = Now;
        }

        var luns = _luns.Select(l => new LunResult(
            l.Name,
            _controllers[l.DefaultOwner].Name,
            _controllers[l.Moving ? l.MoveTarget : l.Owner].Name,
            l.MoveTimes.Count,
            CountEpisodes(l.MoveTimes),
            Round(l.OffDefaultTicks / (double)TimeSpan.TicksPerSecond))).ToList();
        var hosts = _hosts.Select(h => new HostResult(
            h.Name,
            Round(ToSeconds(h.StallTicks)),
            Round(ToSeconds(h.WorstStallTicks)),
            (long)Math.Round(h.IoErrors),
            h.EngineSwitches,
            h.KernelSwitches,
            h.PingPongWarnings)).ToList();
        var repair = _scenario.LastRepair;
        double? latency = null;
        if (_notHome == 0)
        {
            var since = ToSeconds(_allHomeSince);
            latency = repair is { } r ? Round(Math.Max(0, since - r)) : 0;
        }
        var moves = luns.Sum(l => l.OwnershipMoves);
        return new RunResult
        {
            Failback = _runName,
            Duration = _scenario.Duration,
            RepairAt = repair,
            FailbackLatency = latency,
            OwnershipMoves = moves,
            MovesPerLun = luns.Count == 0 ? 0 : Round((double)moves / luns.Count),
            MaxMovesPerLun = luns.Count == 0 ? 0 : luns.Max(l => l.OwnershipMoves),
            PingPongEpisodes = luns.Sum(l => l.PingPongEpisodes),
            EnginePingPongWarnings = _pingPongWarnings,
            IoErrors = hosts.Sum(h => h.IoErrors),
            StallTotal = Round(hosts.Sum(h => h.StallTotal)),
            StallWorst = hosts.Count == 0 ? 0 : hosts.Max(h => h.StallWorst),
            OffPreferredSecondsPerLun = luns.Count == 0 ? 0 : Round(luns.Average(l => l.OffPreferredSeconds)),
            EngineSwitches = hosts.Sum(h => h.EngineSwitches),
            KernelSwitches = hosts.Sum(h => h.KernelSwitches),
            PathChecks = _checks,
            Events = _eventCount,
            Hosts = hosts,
            Luns = luns,
            HostTimelines = _hostTimeline.OrderBy(kv => kv.Key).Select(kv => new Timeline($"{_scenario.Hosts[kv.Key].Name} ({_luns[0].Name})", kv.Value)).ToList(),
            LunTimelines = _lunTimeline.OrderBy(kv => kv.Key).Select(kv => new Timeline(_luns[kv.Key].Name, kv.Value)).ToList(),
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
            tally.IoErrors += elapsed / (double)TimeSpan.TicksPerSecond * map.Settings.IoRate;
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
