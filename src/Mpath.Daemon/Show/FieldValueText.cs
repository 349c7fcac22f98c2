using System.Globalization;

namespace Mpath.Daemon.Show;

/// <summary>The value renderings multipathd shares between columns: sizes, progress bars, numbers.</summary>
public static class FieldValueText
{
    private const int ProgressLength = 10;
    private static readonly char[] SizeUnits = ['K', 'M', 'G', 'T', 'P'];

    /// <summary>
    /// A size in 512-byte sectors as multipathd prints it: in K, M, G, T or P with one decimal below 10 and none
    /// above (8.0M, 16M). multipathd divides a single-precision float and printf rounds the exact binary value half
    /// to even; both are reproduced so the text matches for every size.
    /// </summary>
    public static string Size(long sectors)
    {
        var value = (float)((ulong)sectors >> 1);
        var unit = 0;
        while (value >= 1024 && unit < SizeUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var decimals = value < 10 ? 1 : 0;
        // float has a 24-bit mantissa, so value * 10 is exact in double and rounding it is exact too.
        var scaled = Math.Round((double)value * (decimals == 1 ? 10 : 1), MidpointRounding.ToEven);
        var digits = ((long)scaled).ToString(CultureInfo.InvariantCulture);
        if (decimals == 1)
        {
            digits = digits.PadLeft(2, '0');
            digits = digits[..^1] + "." + digits[^1];
        }
        return digits + SizeUnits[unit];
    }

    /// <summary>multipathd's progress bar: ten cells, X for elapsed, then <c> cur/total</c> (e.g. <c>XXXXXXXX.. 8/10</c>).</summary>
    public static string Progress(int current, int total)
    {
        var bar = "";
        if (total > 0)
        {
            var done = Math.Clamp((int)((long)ProgressLength * current / total), 0, ProgressLength);
            bar = new string('X', done) + new string('.', ProgressLength - done);
        }
        return bar + " " + Number(current) + "/" + Number(total);
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
