using System.Buffers.Binary;
using System.Text;

namespace Mpath.Linux.Scsi;

/// <summary>Designator types of the Device Identification VPD page (0x83).</summary>
public enum DesignatorType
{
    VendorSpecific = 0,
    T10VendorId = 1,
    Eui64 = 2,
    Naa = 3,
    RelativeTargetPort = 4,
    TargetPortGroup = 5,
    LogicalUnitGroup = 6,
    Md5LogicalUnit = 7,
    ScsiNameString = 8,
}

/// <summary>What a designator identifies (the ASSOCIATION field).</summary>
public enum DesignatorAssociation
{
    LogicalUnit = 0,
    TargetPort = 1,
    TargetDevice = 2,
}

/// <summary>One designation descriptor of VPD page 0x83.</summary>
public sealed record Designator(DesignatorType Type, DesignatorAssociation Association, int CodeSet, byte[] Identifier)
{
    public bool IsText => CodeSet is 2 or 3;

    public string Text => Encoding.UTF8.GetString(Identifier).TrimEnd('\0', ' ');

    public string Hex => Convert.ToHexString(Identifier).ToLowerInvariant();
}

/// <summary>Parsers for the VPD pages discovery reads (0x80 unit serial number, 0x83 device identification).</summary>
public static class VpdPages
{
    public const byte UnitSerialNumber = 0x80;
    public const byte DeviceIdentification = 0x83;

    /// <summary>The serial number of VPD page 0x80, trimmed; "" when the page is malformed.</summary>
    public static string ParseUnitSerial(ReadOnlySpan<byte> page)
    {
        if (page.Length < 4 || page[1] != UnitSerialNumber)
        {
            return "";
        }
        var length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(page[2..]), page.Length - 4);
        return Encoding.ASCII.GetString(page.Slice(4, length)).Trim('\0', ' ');
    }

    /// <summary>All designation descriptors of VPD page 0x83 (truncated descriptors are dropped).</summary>
    public static IReadOnlyList<Designator> ParseDeviceIdentification(ReadOnlySpan<byte> page)
    {
        var result = new List<Designator>();
        if (page.Length < 4 || page[1] != DeviceIdentification)
        {
            return result;
        }
        var end = Math.Min(4 + BinaryPrimitives.ReadUInt16BigEndian(page[2..]), page.Length);
        var offset = 4;
        while (offset + 4 <= end)
        {
            var length = page[offset + 3];
            if (offset + 4 + length > end)
            {
                break;
            }
            var codeSet = page[offset] & 0x0f;
            var association = (DesignatorAssociation)((page[offset + 1] >> 4) & 0x3);
            var type = (DesignatorType)(page[offset + 1] & 0x0f);
            result.Add(new Designator(type, association, codeSet, page.Slice(offset + 4, length).ToArray()));
            offset += 4 + length;
        }
        return result;
    }

    /// <summary>
    /// A WWID in the form udev's scsi_id and multipath-tools use when no udev property is available:
    /// a type prefix followed by the logical unit's best designator - NAA ("3" + hex, the highest NAA
    /// type first), EUI-64 ("2" + hex), SCSI name string ("8" + text), T10 vendor id ("1" + text with
    /// runs of spaces as "_"). "" when the page names the logical unit by none of them.
    /// </summary>
    public static string WwidFromDeviceIdentification(IReadOnlyList<Designator> designators)
    {
        Designator? best = null;
        var bestRank = int.MaxValue;
        foreach (var d in designators)
        {
            if (d.Association != DesignatorAssociation.LogicalUnit || d.Identifier.Length == 0)
            {
                continue;
            }
            var rank = d.Type switch
            {
                DesignatorType.Naa => 10 - NaaType(d),
                DesignatorType.Eui64 => 20,
                DesignatorType.ScsiNameString => 30,
                DesignatorType.T10VendorId => 40,
                _ => int.MaxValue,
            };
            if (rank < bestRank)
            {
                best = d;
                bestRank = rank;
            }
        }
        return best?.Type switch
        {
            DesignatorType.Naa => "3" + best.Hex,
            DesignatorType.Eui64 => "2" + best.Hex,
            DesignatorType.ScsiNameString => "8" + best.Text,
            DesignatorType.T10VendorId => "1" + CollapseSpaces(best.Text),
            _ => "",
        };
    }

    /// <summary>The target port group and relative target port id the responding port declares, if any.</summary>
    public static (int? TargetPortGroup, int? RelativePort) PortIdentity(IReadOnlyList<Designator> designators)
    {
        int? group = null, port = null;
        foreach (var d in designators)
        {
            if (d.Identifier.Length < 4)
            {
                continue;
            }
            var value = BinaryPrimitives.ReadUInt16BigEndian(d.Identifier.AsSpan(2));
            if (d.Type == DesignatorType.TargetPortGroup)
            {
                group = value;
            }
            else if (d.Type == DesignatorType.RelativeTargetPort)
            {
                port = value;
            }
        }
        return (group, port);
    }

    private static int NaaType(Designator d) => d.Identifier[0] >> 4;

    private static string CollapseSpaces(string text)
    {
        var sb = new StringBuilder(text.Length);
        var lastWasSpace = false;
        foreach (var c in text.Trim())
        {
            if (c == ' ')
            {
                if (!lastWasSpace)
                {
                    sb.Append('_');
                }
                lastWasSpace = true;
            }
            else
            {
                sb.Append(c);
                lastWasSpace = false;
            }
        }
        return sb.ToString();
    }
}
