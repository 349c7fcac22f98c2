using System.Globalization;
using System.Text;

namespace Mpath.Simulation.Results;

/// <summary>The plain-English summary of a run set: one sentence per failback setting, then which one did best.</summary>
public static class VerdictText
{
    /// <summary>"deferred 30 s" for a number of seconds, the keyword otherwise.</summary>
    public static string ModeLabel(string failback) =>
        int.TryParse(failback, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? $"deferred {s} s" : failback;

    public static string Write(RunSet set, string? preferred)
    {
        var home = preferred is null ? "their preferred controllers" : $"controller {preferred}";
        var text = new StringBuilder();
        foreach (var run in set.Runs)
        {
            text.Append(ModeLabel(run.Failback)).Append(": ");
            text.Append(Number(run.MovesPerLun)).Append(run.MovesPerLun == 1 ? " ownership move per LUN" : " ownership moves per LUN");
            if (run.PingPongEpisodes > 0) text.Append(CultureInfo.InvariantCulture, $" ({run.PingPongEpisodes} ping-pong episode{(run.PingPongEpisodes == 1 ? "" : "s")})");
            if (run.RepairAt is not null)
            {
                text.Append(run.FailbackLatency switch
                {
                    null => $", never back on {home} after the repair",
                    0 => $", all hosts back on {home} by the time of the repair",
                    var l => $", all hosts back on {home} {Number(l.Value)} s after the repair",
                });
            }
            else if (run.FailbackLatency is null) text.Append(CultureInfo.InvariantCulture, $", not all hosts on {home} at the end");
            text.Append(run.IoErrors == 0 ? ", no I/O errors" : string.Create(CultureInfo.InvariantCulture, $", {run.IoErrors} I/O errors"));
            text.Append(CultureInfo.InvariantCulture, $", worst stall {Number(run.StallWorst)} s. ");
        }
        if (Best(set.Runs) is { } best && set.Runs.Count > 1)
        {
            var traits = new List<string>();
            traits.Add(best.IoErrors == 0 ? "no I/O errors" : "the fewest I/O errors");
            if (best.FailbackLatency is not null && best.RepairAt is not null) traits.Add($"a return to {home}");
            traits.Add(best.PingPongEpisodes == 0 ? "no ping-pong" : "the fewest ownership moves of those, though it still ping-pongs");
            text.Append(CultureInfo.InvariantCulture, $"Best here: {ModeLabel(best.Failback)} ({string.Join(", ", traits)}).");
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>Fewest errors, then a return home, then fewest ping-pong episodes, moves, and the quickest return.</summary>
    public static RunResult? Best(IReadOnlyList<RunResult> runs) => runs
        .OrderBy(r => r.IoErrors)
        .ThenBy(r => r.FailbackLatency is null && r.RepairAt is not null ? 1 : 0)
        .ThenBy(r => r.PingPongEpisodes)
        .ThenBy(r => r.OwnershipMoves)
        .ThenBy(r => r.FailbackLatency ?? double.MaxValue)
        .FirstOrDefault();

    public static string Number(double value) =>
        value == Math.Floor(value) ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture);
}
