using System.Text;

namespace Mpath.Linux.Scsi;

/// <summary>
/// The fields of standard INQUIRY data discovery cares about: device type, identification strings and
/// the TPGS field (which kinds of ALUA the LU supports).
/// </summary>
public sealed record StandardInquiry(int PeripheralDeviceType, string Vendor, string Product, string Revision, int Tpgs)
{
    /// <summary>Standard INQUIRY data is at least 36 bytes long.</summary>
    public const int MinimumLength = 36;

    public bool SupportsImplicitAlua => (Tpgs & 0x1) != 0;

    public bool SupportsExplicitAlua => (Tpgs & 0x2) != 0;

    /// <summary>Parses standard INQUIRY data; null when shorter than 36 bytes.</summary>
    public static StandardInquiry? Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < MinimumLength)
        {
            return null;
        }
        static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes).TrimEnd(' ', '\0');
        return new StandardInquiry(data[0] & 0x1f, Text(data[8..16]), Text(data[16..32]), Text(data[32..36]), (data[5] >> 4) & 0x3);
    }
}
