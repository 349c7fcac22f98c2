using System.Buffers.Binary;

namespace Mpath.Linux.Scsi;

/// <summary>CDBs for the commands mpath sends (SPC-4 layouts).</summary>
public static class ScsiCdb
{
    public const byte TestUnitReadyOpcode = 0x00;
    public const byte InquiryOpcode = 0x12;
    public const byte Read10Opcode = 0x28;
    public const byte MaintenanceInOpcode = 0xa3;
    public const byte MaintenanceOutOpcode = 0xa4;
    /// <summary>Service action of MAINTENANCE IN/OUT for REPORT/SET TARGET PORT GROUPS.</summary>
    public const byte TargetPortGroupsServiceAction = 0x0a;

    public static byte[] TestUnitReady() => new byte[6];

    /// <summary>Standard INQUIRY (<paramref name="vpdPage"/> null) or a VPD page (EVPD=1).</summary>
    public static byte[] Inquiry(byte? vpdPage, ushort allocationLength)
    {
        var cdb = new byte[6];
        cdb[0] = InquiryOpcode;
        if (vpdPage is { } page)
        {
            cdb[1] = 0x01;
            cdb[2] = page;
        }
        BinaryPrimitives.WriteUInt16BigEndian(cdb.AsSpan(3), allocationLength);
        return cdb;
    }

    /// <summary>REPORT TARGET PORT GROUPS; <paramref name="extendedHeader"/> asks for parameter data format 001b.</summary>
    public static byte[] ReportTargetPortGroups(uint allocationLength, bool extendedHeader = false)
    {
        var cdb = new byte[12];
        cdb[0] = MaintenanceInOpcode;
        cdb[1] = (byte)(TargetPortGroupsServiceAction | (extendedHeader ? 0x20 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(6), allocationLength);
        return cdb;
    }

    /// <summary>SET TARGET PORT GROUPS CDB for a parameter list of <paramref name="parameterListLength"/> bytes.</summary>
    public static byte[] SetTargetPortGroups(uint parameterListLength)
    {
        var cdb = new byte[12];
        cdb[0] = MaintenanceOutOpcode;
        cdb[1] = TargetPortGroupsServiceAction;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(6), parameterListLength);
        return cdb;
    }

    /// <summary>SET TARGET PORT GROUPS parameter list: 4 reserved bytes, then one 4-byte descriptor per group.</summary>
    public static byte[] SetTargetPortGroupsParameters(IReadOnlyList<(int TargetPortGroup, Core.Model.AluaAccessState State)> groups)
    {
        var data = new byte[4 + (4 * groups.Count)];
        for (var i = 0; i < groups.Count; i++)
        {
            var offset = 4 + (4 * i);
            data[offset] = (byte)((int)groups[i].State & 0x0f);
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset + 2), (ushort)groups[i].TargetPortGroup);
        }
        return data;
    }

    /// <summary>READ(10) of <paramref name="blocks"/> blocks from <paramref name="lba"/>.</summary>
    public static byte[] Read10(uint lba, ushort blocks)
    {
        var cdb = new byte[10];
        cdb[0] = Read10Opcode;
        BinaryPrimitives.WriteUInt32BigEndian(cdb.AsSpan(2), lba);
        BinaryPrimitives.WriteUInt16BigEndian(cdb.AsSpan(7), blocks);
        return cdb;
    }
}
