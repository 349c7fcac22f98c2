namespace Mpath.Core.Topology.Naming;

/// <summary>
/// User-friendly map names: the alias prefix plus a bijective base-26 number written in
/// letters (1 = a, 26 = z, 27 = aa, ...), so mpatha..mpathz, mpathaa, mpathab, ...
/// </summary>
public static class UserFriendlyName
{
    /// <summary>The name for <paramref name="id"/> (1-based).</summary>
    public static string Format(string prefix, int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        Span<char> letters = stackalloc char[8];
        var position = letters.Length;
        for (var n = id; n >= 1; n /= 26)
        {
            n--;
            letters[--position] = (char)('a' + n % 26);
        }
        return prefix + new string(letters[position..]);
    }

    /// <summary>
    /// The id a name stands for under <paramref name="prefix"/>, or -1 when it is not such a name
    /// (other prefix, no suffix, non a-z letters, or a number beyond int range).
    /// </summary>
    public static int Scan(string alias, string prefix)
    {
        if (!alias.StartsWith(prefix, StringComparison.Ordinal) || alias.Length == prefix.Length)
            return -1;
        // Eight letters would already overflow a 32-bit id, as in multipath-tools.
        if (alias.Length > prefix.Length + 7)
            return -1;
        long id = 0;
        foreach (var c in alias.AsSpan(prefix.Length))
        {
            if (c is < 'a' or > 'z')
                return -1;
            id = id * 26 + (c - 'a') + 1;
            if (id > int.MaxValue)
                return -1;
        }
        return (int)id;
    }

    /// <summary>
    /// Alias order: shorter before longer, then ordinal; for one prefix this is numeric order
    /// (mpathz before mpathaa).
    /// </summary>
    public static int CompareAliases(string? left, string? right)
    {
        if (left is null || right is null)
            return left is null ? (right is null ? 0 : 1) : -1;
        var byLength = left.Length.CompareTo(right.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(left, right);
    }
}
