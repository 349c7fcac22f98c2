using Mpath.Linux.Scsi;

namespace Mpath.Linux.Tests.Scsi;

public class VpdPagesTests
{
    // VPD 0x83 of a LIO LU seen through target port 2 / TPG 2 (layout as sg_vpd shows it).
    private static readonly byte[] LioPage83 = Page83(
        Descriptor(0x01, 0x03, [0x60, 0x01, 0x40, 0x51, 0xab, 0x10, 0x00, 0x00, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00]),
        Descriptor(0x02, 0x01, "LIO-ORG RAMDISK-MCP:1ab1"u8.ToArray()),
        Descriptor(0x61, 0x94, [0, 0, 0, 2]),
        Descriptor(0x61, 0x95, [0, 0, 0, 2]),
        Descriptor(0x53, 0xa8, "naa.5001405000000002"u8.ToArray()));

    private static byte[] Descriptor(byte protocolAndCodeSet, byte piVAssociationType, byte[] identifier) =>
        [protocolAndCodeSet, piVAssociationType, 0, (byte)identifier.Length, .. identifier];

    private static byte[] Page83(params byte[][] descriptors)
    {
        var body = descriptors.SelectMany(d => d).ToArray();
        return [0, 0x83, (byte)(body.Length >> 8), (byte)body.Length, .. body];
    }

    [Fact]
    public void Device_identification_descriptors_are_parsed_with_type_and_association()
    {
        var designators = VpdPages.ParseDeviceIdentification(LioPage83);
        Assert.Equal(5, designators.Count);
        Assert.Equal(DesignatorType.Naa, designators[0].Type);
        Assert.Equal(DesignatorAssociation.LogicalUnit, designators[0].Association);
        Assert.Equal(DesignatorType.RelativeTargetPort, designators[2].Type);
        Assert.Equal(DesignatorAssociation.TargetPort, designators[2].Association);
        Assert.Equal("naa.5001405000000002", designators[4].Text);
    }

    [Fact]
    public void Wwid_prefers_the_naa_designator_with_prefix_3() =>
        Assert.Equal("360014051ab1000000004000800000000", VpdPages.WwidFromDeviceIdentification(VpdPages.ParseDeviceIdentification(LioPage83)));

    [Fact]
    public void Higher_naa_type_wins_over_lower()
    {
        var page = Page83(Descriptor(0x01, 0x03, [0x25, 1, 2, 3, 4, 5, 6, 7]), Descriptor(0x01, 0x03, [0x60, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]));
        Assert.StartsWith("360", VpdPages.WwidFromDeviceIdentification(VpdPages.ParseDeviceIdentification(page)));
    }

    [Fact]
    public void Eui64_then_name_string_then_t10_are_fallbacks()
    {
        var eui = Page83(Descriptor(0x02, 0x01, "VEND  X"u8.ToArray()), Descriptor(0x01, 0x02, [0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11]));
        Assert.Equal("2aabbccddeeff0011", VpdPages.WwidFromDeviceIdentification(VpdPages.ParseDeviceIdentification(eui)));
        var name = Page83(Descriptor(0x02, 0x01, "VEND  X"u8.ToArray()), Descriptor(0x03, 0x08, "iqn.2000-01.x:lu\0\0"u8.ToArray()));
        Assert.Equal("8iqn.2000-01.x:lu", VpdPages.WwidFromDeviceIdentification(VpdPages.ParseDeviceIdentification(name)));
        var t10 = Page83(Descriptor(0x02, 0x01, "Linux   scsi_debug  2000 "u8.ToArray()));
        Assert.Equal("1Linux_scsi_debug_2000", VpdPages.WwidFromDeviceIdentification(VpdPages.ParseDeviceIdentification(t10)));
    }

    [Fact]
    public void Target_port_designators_never_become_the_wwid()
    {
        var page = Page83(Descriptor(0x01, 0x13, [0x50, 1, 2, 3, 4, 5, 6, 7]));
        Assert.Equal("", VpdPages.WwidFromDeviceIdentification(VpdPages.ParseDeviceIdentification(page)));
    }

    [Fact]
    public void Port_identity_reads_tpg_and_relative_port() =>
        Assert.Equal((2, 2), VpdPages.PortIdentity(VpdPages.ParseDeviceIdentification(LioPage83)));

    [Fact]
    public void Truncated_descriptor_is_dropped_not_misread()
    {
        var page = LioPage83[..^5];
        page[3] = (byte)(page.Length - 4);
        Assert.Equal(4, VpdPages.ParseDeviceIdentification(page).Count);
    }

    [Fact]
    public void Wrong_page_code_gives_nothing()
    {
        var page = (byte[])LioPage83.Clone();
        page[1] = 0x80;
        Assert.Empty(VpdPages.ParseDeviceIdentification(page));
    }

    [Fact]
    public void Unit_serial_is_trimmed()
    {
        byte[] page = [0, 0x80, 0, 8, .. "  SN123 "u8.ToArray()];
        Assert.Equal("SN123", VpdPages.ParseUnitSerial(page));
        Assert.Equal("", VpdPages.ParseUnitSerial([0, 0x83, 0, 0]));
    }

    [Fact]
    public void Unit_serial_length_is_clamped_to_the_buffer()
    {
        byte[] page = [0, 0x80, 0, 200, (byte)'A', (byte)'B'];
        Assert.Equal("AB", VpdPages.ParseUnitSerial(page));
    }
}
