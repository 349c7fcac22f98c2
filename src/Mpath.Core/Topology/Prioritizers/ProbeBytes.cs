namespace Mpath.Core.Topology.Prioritizers;

/// <summary>
/// Decodes the raw SCSI responses discovery stores in <c>PathInfo.ProbeData</c> as hex text
/// (spaces, colons and a 0x prefix tolerated), so prioritizers can read them byte by byte.
/// </summary>
public static class ProbeBytes
{
    public static byte[]? TryDecodeHex(string? text)
    {
        if (text is null)
            return null;
        var digits = new System.Text.StringBuilder(text.Length);
        var span = text.AsSpan().Trim();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            span = span[2..];
        foreach (var c in span)
        {
            if (c is ' ' or ':' or '\t' or '\n' or '\r' or '-')
                continue;
            if (!Uri.IsHexDigit(c))
                return null;
            digits.Append(c);
        }
        if (digits.Length % 2 != 0)
            return null;
        try
        {
            return Convert.FromHexString(digits.ToString());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The bytes at [offset, offset+length) as text, stopping at a NUL like the C string functions do.</summary>
    public static string Text(byte[] data, int offset, int length)
    {
        var chars = new System.Text.StringBuilder(length);
        for (var i = offset; i < offset + length && i < data.Length; i++)
        {
            if (data[i] == 0)
                break;
            chars.Append((char)data[i]);
        }
        return chars.ToString();
    }
}
