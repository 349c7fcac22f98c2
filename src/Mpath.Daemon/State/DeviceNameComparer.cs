namespace Mpath.Daemon.State;

/// <summary>
/// Orders kernel device names as the kernel hands them out: letter runs by length then alphabet (sdz before sdaa),
/// digit runs by value (nvme0n2 before nvme0n10).
/// </summary>
public sealed class DeviceNameComparer : IComparer<string>
{
    public static DeviceNameComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            var digits = char.IsAsciiDigit(x[i]);
            if (digits != char.IsAsciiDigit(y[j])) return digits ? -1 : 1;
            var endX = RunEnd(x, i, digits);
            var endY = RunEnd(y, j, digits);
            var runX = x.AsSpan(i, endX - i);
            var runY = y.AsSpan(j, endY - j);
            var order = digits ? CompareNumbers(runX, runY) : CompareLetters(runX, runY);
            if (order != 0) return order;
            i = endX;
            j = endY;
        }
        return (x.Length - i).CompareTo(y.Length - j);
    }

    private static int RunEnd(string s, int start, bool digits)
    {
        var end = start;
        while (end < s.Length && char.IsAsciiDigit(s[end]) == digits) end++;
        return end;
    }

    private static int CompareLetters(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);

    private static int CompareNumbers(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
    }
}
