using System.Globalization;
using Mpath.Simulation.Results;

namespace Mpath.Simulation.Plotting;

/// <summary>
/// The <c>--plot</c> picture: one panel per failback setting; in each, per host the controller its active path
/// group leads to (for the first LUN), per LUN its owner, over time, with the fault windows shaded.
/// </summary>
public static class TimelinePlot
{
    private const double Left = 170, Right = 30, RowHeight = 16, RowGap = 4, PanelGap = 36, Width = 1100;
    private static readonly string[] Palette = ["#3b7dd8", "#f08c2e", "#4aa564", "#9b59b6", "#16a2b8", "#c0a000"];

    public static string Render(RunSet set)
    {
        var controllers = set.Runs
            .SelectMany(r => r.HostTimelines.Concat(r.LunTimelines))
            .SelectMany(t => t.Points.Select(p => p.Value))
            .Where(v => v is not "moving" and not "none")
            .Distinct()
            .OrderBy(v => v, StringComparer.Ordinal)
            .ToList();
        string Colour(string value) => value switch
        {
            "moving" => "#9a9a9a",
            "none" => "#d62728",
            _ => Palette[controllers.IndexOf(value) % Palette.Length],
        };

        var svg = new SvgDocument(Width, 0);
        var plotWidth = Width - Left - Right;
        double X(double t) => Left + plotWidth * Math.Clamp(t / set.Duration, 0, 1);
        var y = 30.0;
        svg.Text(Left, 20, $"mpath sim {set.Scenario}: active path group per host and LUN owner over time (shaded: faults)", 14, weight: "bold");
        foreach (var run in set.Runs)
        {
            y += 22;
            svg.Text(10, y, $"failback {VerdictText.ModeLabel(run.Failback)}: {VerdictText.Number(run.MovesPerLun)} ownership move{(run.MovesPerLun == 1 ? "" : "s")} per LUN, failback after repair: {(run.FailbackLatency is { } l ? VerdictText.Number(l) + " s" : "never")}", 13, weight: "bold");
            y += 12;
            var rows = run.HostTimelines.Concat(run.LunTimelines).ToList();
            var top = y;
            var bottom = y + rows.Count * (RowHeight + RowGap);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var rowY = y + i * (RowHeight + RowGap);
                if (i == run.HostTimelines.Count && i > 0) svg.Line(Left, rowY - RowGap / 2, Width - Right, rowY - RowGap / 2, "#bbb");
                svg.Text(Left - 8, rowY + RowHeight - 4, (i < run.HostTimelines.Count ? "" : "owner of ") + row.Label, 11, "end");
                for (var k = 0; k < row.Points.Count; k++)
                {
                    var start = row.Points[k].Time;
                    var end = k + 1 < row.Points.Count ? row.Points[k + 1].Time : set.Duration;
                    var value = row.Points[k].Value;
                    svg.Rect(X(start), rowY, X(end) - X(start), RowHeight, Colour(value), $"{row.Label}: {value} from {Format(start)} s to {Format(end)} s");
                }
            }
            // Fault windows on top of the bars: a tint plus a strip above the panel.
            foreach (var fault in set.Faults)
            {
                var end = fault.End ?? set.Duration;
                svg.Rect(X(fault.Start), top - 2, X(end) - X(fault.Start), bottom - top + 2, "#e74c3c", fault.What, 0.18);
                svg.Rect(X(fault.Start), top - 6, X(end) - X(fault.Start), 3, "#e74c3c", fault.What);
            }
            y = bottom;
            Axis(svg, set.Duration, y, X);
            y += PanelGap;
        }
        // Legend.
        var lx = Left;
        foreach (var value in controllers.Concat(["moving", "none"]))
        {
            svg.Rect(lx, y - 10, 14, 12, Colour(value));
            svg.Text(lx + 18, y, value == "none" ? "no usable path" : value == "moving" ? "ownership moving" : $"controller {value}", 11);
            lx += 150;
        }
        svg.Rect(lx, y - 10, 14, 12, "#e74c3c", opacity: 0.35);
        svg.Text(lx + 18, y, "fault window", 11);
        svg.Height = y + 20;
        return svg.ToString();
    }

    private static void Axis(SvgDocument svg, double duration, double y, Func<double, double> x)
    {
        var step = NiceStep(duration / 10);
        svg.Line(x(0), y, x(duration), y, "#444");
        for (var t = 0.0; t <= duration + 1e-9; t += step)
        {
            svg.Line(x(t), y, x(t), y + 4, "#444");
            svg.Text(x(t), y + 15, Format(t) + " s", 10, "middle");
        }
    }

    private static double NiceStep(double raw)
    {
        foreach (var s in new double[] { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600 })
        {
            if (s >= raw) return s;
        }
        return 43200;
    }

    private static string Format(double t) => t.ToString("0.##", CultureInfo.InvariantCulture);
}
