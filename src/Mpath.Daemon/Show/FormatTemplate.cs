using System.Text;

namespace Mpath.Daemon.Show;

/// <summary>
/// multipathd's format-string printer. Text outside wildcards is copied; <c>%X</c> prints the value of wildcard X,
/// padded to the column width when widths are given ("pretty") and not padded when they are not ("raw"). A letter
/// the table does not know prints nothing (so <c>%%</c> prints nothing either), and every line ends with a newline.
/// Widths count UTF-8 bytes, as multipathd's strlen does.
/// </summary>
public static class FormatTemplate
{
    /// <summary>multipathd never widens a column past this (its field widths are unsigned chars).</summary>
    public const int MaxFieldWidth = 255;

    /// <summary>
    /// Column widths fitted to the items' values, and to the headers too when <paramref name="includeHeaders"/>; only
    /// the columns <paramref name="format"/> prints are measured (rendering every wildcard of every path made a
    /// <c>show paths</c> of a large host cost several times what it prints). The others stay 0, and are never read.
    /// </summary>
    public static int[] FitWidths<T>(WildcardTable<T> table, IEnumerable<T> items, bool includeHeaders, string format)
    {
        var widths = new int[table.Wildcards.Count];
        var used = UsedColumns(table, format);
        if (includeHeaders)
        {
            foreach (var i in used) widths[i] = ByteLength(table.Wildcards[i].Header);
        }
        foreach (var item in items)
        {
            foreach (var i in used)
            {
                widths[i] = Math.Max(widths[i], Math.Min(ByteLength(table.Wildcards[i].Render(item)), MaxFieldWidth));
            }
        }
        return widths;
    }

    /// <summary>
    /// Every item's line, each printed column's value rendered once (fitting widths and printing from the same values;
    /// rendering is most of a listing's cost), with a header line first when <paramref name="pretty"/>.
    /// </summary>
    public static void AppendTable<T>(StringBuilder text, string format, WildcardTable<T> table, IReadOnlyList<T> items, bool pretty)
    {
        var used = UsedColumns(table, format);
        var slotOf = new int[table.Wildcards.Count];
        for (var slot = 0; slot < used.Length; slot++) slotOf[used[slot]] = slot;
        var cells = new string[items.Count * used.Length];
        for (var row = 0; row < items.Count; row++)
        {
            for (var slot = 0; slot < used.Length; slot++) cells[row * used.Length + slot] = table.Wildcards[used[slot]].Render(items[row]);
        }
        int[]? widths = null;
        if (pretty)
        {
            widths = new int[table.Wildcards.Count];
            for (var slot = 0; slot < used.Length; slot++)
            {
                var width = ByteLength(table.Wildcards[used[slot]].Header);
                for (var row = 0; row < items.Count; row++) width = Math.Max(width, Math.Min(ByteLength(cells[row * used.Length + slot]), MaxFieldWidth));
                widths[used[slot]] = width;
            }
            AppendHeader(text, format, table, widths);
        }
        for (var row = 0; row < items.Count; row++)
        {
            var first = row * used.Length;
            Append(text, format, table, (_, index) => cells[first + slotOf[index]], widths);
        }
    }

    /// <summary>The table positions of the wildcards <paramref name="format"/> names, each once, read as the printer reads it.</summary>
    private static int[] UsedColumns<T>(WildcardTable<T> table, string format)
    {
        var used = new List<int>();
        for (var percent = format.IndexOf('%'); percent >= 0 && percent + 1 < format.Length; percent = format.IndexOf('%', percent + 2))
        {
            var index = table.IndexOf(format[percent + 1]);
            if (index >= 0 && !used.Contains(index)) used.Add(index);
        }
        return [.. used];
    }

    /// <summary>The header line: each wildcard replaced by its column name, padded to the column width.</summary>
    public static void AppendHeader<T>(StringBuilder text, string format, WildcardTable<T> table, int[] widths) =>
        Append(text, format, table, (wildcard, _) => wildcard.Header, widths);

    /// <summary>One item's line. <paramref name="widths"/> null means raw (no padding).</summary>
    public static void AppendLine<T>(StringBuilder text, string format, WildcardTable<T> table, T item, int[]? widths = null,
        Func<string, string>? encode = null) =>
        Append(text, format, table, (wildcard, _) => encode is null ? wildcard.Render(item) : encode(wildcard.Render(item)), widths);

    private static void Append<T>(StringBuilder text, string format, WildcardTable<T> table,
        Func<Wildcard<T>, int, string> value, int[]? widths)
    {
        var position = 0;
        while (position < format.Length)
        {
            var percent = format.IndexOf('%', position);
            if (percent < 0) break;
            text.Append(format, position, percent - position);
            if (percent + 1 >= format.Length)
            {
                // A lone trailing '%' names no wildcard.
                position = format.Length;
                break;
            }
            position = percent + 2;
            var index = table.IndexOf(format[percent + 1]);
            if (index < 0) continue;
            var rendered = value(table.Wildcards[index], index);
            text.Append(rendered);
            if (widths is not null)
            {
                var pad = widths[index] - ByteLength(rendered);
                if (pad > 0) text.Append(' ', pad);
            }
        }
        if (position < format.Length) text.Append(format, position, format.Length - position);
        text.Append('\n');
    }

    private static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);
}
