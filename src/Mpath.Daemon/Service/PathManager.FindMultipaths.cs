using Microsoft.Extensions.Logging;
using Mpath.Core.Config.Sections;
using Mpath.Core.Planning;
using Mpath.Core.Topology;
using Mpath.Core.Topology.Naming;

namespace Mpath.Daemon.Service;

/// <summary>
/// find_multipaths in the daemon, as multipathd applies it: which WWIDs get a map (off and greedy: all; strict: those in
/// the wwids file; on: also those with two paths; smart: like on, holding a lone path for find_multipaths_timeout), the
/// wwids file kept up to date with every map set up, and why a path has no map (for <c>add path</c>). A map that exists
/// is always adopted, whatever the setting.
/// </summary>
public sealed partial class PathManager
{
    private readonly SmartHolds _holds = new();
    /// <summary>Known paths that have no map, with the planner's reason, by device.</summary>
    private readonly Dictionary<string, SkippedDevice> _notMultipathed = new(StringComparer.Ordinal);
    /// <summary>WWIDs of maps set up since the wwids file was last written (kept for a retry when writing failed).</summary>
    private readonly HashSet<string> _unrecordedWwids = new(StringComparer.Ordinal);

    /// <summary>The wwids file find_multipaths consults and the daemon records its maps in (in memory unless given).</summary>
    public IWwidsStore Wwids { get; init; } = new InMemoryWwidsStore();

    private FindMultipathsMode FindMultipathsMode => GlobalSettings.FindMultipaths(_config);

    /// <summary>What planning needs for find_multipaths; <paramref name="mapExists"/> is asked only when the mode needs it.</summary>
    private PlanningContext FindMultipathsContext(Func<string, bool> mapExists)
    {
        var mode = FindMultipathsMode;
        if (mode is FindMultipathsMode.Off or FindMultipathsMode.Greedy) return new PlanningContext();
        return new PlanningContext
        {
            FindMultipaths = mode,
            Wwids = ReadWwids(),
            MapExists = mapExists,
            ExistingMapsAlwaysCount = true,
            SmartReleased = _holds.IsReleased,
        };
    }

    private WwidsFile ReadWwids()
    {
        try
        {
            return Wwids.Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable means unknown: strict and on then make no new map from it (existing maps stay).
            _logger.LogError("cannot read the wwids file: {Error}; taken as empty", e.Message);
            return WwidsFile.Empty;
        }
    }

    /// <summary>Before planning every known path (start, reconfigure, rescan): only what is still there is remembered.</summary>
    private void BeforeFullPlanning()
    {
        _notMultipathed.Clear();
        if (FindMultipathsMode != FindMultipathsMode.Smart) _holds.Clear();
        else _holds.ForgetAllBut(_known.Values.Select(p => p.Path.Wwid).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// After planning: remembers why paths got no map, starts smart holds for lone new paths, forgets holds of WWIDs
    /// that got a map, and writes the WWIDs of new maps to the wwids file.
    /// </summary>
    private void AfterPlanning(PlanResult planned)
    {
        var timeout = GlobalSettings.FindMultipathsTimeout(_config);
        foreach (var map in planned.Maps)
        {
            _holds.Forget(map.Plan.Wwid);
            foreach (var path in map.Plan.Paths) _notMultipathed.Remove(path.Dev);
        }
        foreach (var skipped in planned.Skipped)
        {
            _notMultipathed[skipped.Dev] = skipped;
            if (skipped.Held && _holds.Hold(skipped.Wwid, _time.GetUtcNow() + timeout))
            {
                _logger.LogInformation("{Dev}: find_multipaths smart: waiting up to {Seconds} s for a second path of {Wwid}",
                    skipped.Dev, timeout.TotalSeconds, skipped.Wwid);
            }
            else
            {
                _logger.LogDebug("{Dev}: not multipathed: {Reason}", skipped.Dev, skipped.Reason);
            }
        }
        RecordWwids();
    }

    /// <summary>Writes the WWIDs of maps set up since the last write to the wwids file, as multipathd does for every map it runs.</summary>
    private void RecordWwids()
    {
        if (_unrecordedWwids.Count == 0) return;
        try
        {
            var added = Wwids.Remember(_unrecordedWwids);
            if (added.Count > 0) _logger.LogInformation("wwids file: added {Wwids}", string.Join(' ', added));
            _unrecordedWwids.Clear();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("cannot write the wwids file ({Count} WWIDs to add): {Error}; retried after the next map change", _unrecordedWwids.Count, e.Message);
        }
    }

    /// <summary>smart: WWIDs whose hold ran out with one path are released to the system; later paths of them are left alone too.</summary>
    private void ReleaseExpiredHolds(DateTimeOffset now)
    {
        foreach (var wwid in _holds.Expire(now)) _logger.LogInformation("{Wwid}: find_multipaths_timeout expired with one path; left to the system", wwid);
    }

    /// <summary>The reply to <c>add path DEV</c> when the path has no map: multipathd's "blacklisted", or why find_multipaths left it out.</summary>
    private string? NotMultipathedReply(string dev) => _notMultipathed.GetValueOrDefault(dev) switch
    {
        null => null,
        { Reason: var reason } when reason.StartsWith("blacklisted", StringComparison.Ordinal) => "blacklisted\n",
        { Reason: var reason } => $"{dev}: not multipathed: {reason}\n",
    };
}
