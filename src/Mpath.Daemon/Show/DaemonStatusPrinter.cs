using System.Text;
using Mpath.Core.Model;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Show;

/// <summary><c>show status</c>, <c>show daemon</c> and <c>show wildcards</c>.</summary>
public static class DaemonStatusPrinter
{
    /// <summary>
    /// Paths counted per state (only states that occur, in multipathd's state order, name padded to 20), then how
    /// many paths are monitored and whether uevents are still being processed.
    /// </summary>
    public static string Status(DaemonSnapshot snapshot)
    {
        var paths = snapshot.AllPaths;
        var text = new StringBuilder("path checker states:\n");
        foreach (var state in Enum.GetValues<CheckerState>())
        {
            var count = paths.Count(p => p.State == state);
            if (count > 0) text.Append(StateName(state).PadRight(20)).Append(count).Append('\n');
        }
        text.Append("\npaths: ").Append(paths.Count(p => p.Monitored))
            .Append("\nbusy: ").Append(snapshot.UeventsBusy ? "True" : "False").Append('\n');
        return text.ToString();
    }

    public static string Daemon(DaemonSnapshot snapshot) => "pid " + FieldValueText.Number(snapshot.Pid) + " " + snapshot.State + "\n";

    /// <summary>The map and path wildcards with their column names (group wildcards are not listed, as in multipathd).</summary>
    public static string Wildcards()
    {
        var text = new StringBuilder("multipath format wildcards:\n");
        foreach (var w in MapWildcards.Table.Wildcards) text.Append('%').Append(w.Letter).Append("  ").Append(w.Header).Append('\n');
        text.Append("\npath format wildcards:\n");
        foreach (var w in PathWildcards.Table.Wildcards) text.Append('%').Append(w.Letter).Append("  ").Append(w.Header).Append('\n');
        return text.ToString();
    }

    /// <summary>The checker's own state names (multipathd's checker_state_name), not the chk_st column words.</summary>
    public static string StateName(CheckerState state) => state switch
    {
        CheckerState.Wild => "wild",
        CheckerState.Unchecked => "unchecked",
        CheckerState.Down => "down",
        CheckerState.Up => "up",
        CheckerState.Shaky => "shaky",
        CheckerState.Ghost => "ghost",
        CheckerState.Pending => "pending",
        CheckerState.Timeout => "timeout",
        CheckerState.Removed => "removed",
        CheckerState.Delayed => "delayed",
        _ => "undef",
    };
}
