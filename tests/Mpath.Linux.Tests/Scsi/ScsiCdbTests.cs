using Mpath.Core.Model;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Tests.Scsi;

public class ScsiCdbTests
{
    [Fact]
    public void Test_unit_ready_is_six_zero_bytes() => Assert.Equal(new byte[6], ScsiCdb.TestUnitReady());

    [Fact]
    public void Standard_inquiry_has_no_evpd() =>
        Assert.Equal(new byte[] { 0x12, 0, 0, 0x00, 0x60, 0 }, ScsiCdb.Inquiry(null, 96));

    [Fact]
    public void Vpd_inquiry_sets_evpd_page_and_big_endian_length() =>
        Assert.Equal(new byte[] { 0x12, 1, 0x83, 0x10, 0x00, 0 }, ScsiCdb.Inquiry(0x83, 4096));

    [Fact]
    public void Report_target_port_groups_is_maintenance_in_service_action_0a() =>
        Assert.Equal(new byte[] { 0xa3, 0x0a, 0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0, 0 }, ScsiCdb.ReportTargetPortGroups(4096));

    [Fact]
    public void Extended_header_request_sets_parameter_data_format_001() =>
        Assert.Equal(0x2a, ScsiCdb.ReportTargetPortGroups(64, extendedHeader: true)[1]);

    [Fact]
    public void Set_target_port_groups_cdb_and_parameter_list()
    {
        var parameters = ScsiCdb.SetTargetPortGroupsParameters([(1, AluaAccessState.Standby), (0x0102, AluaAccessState.ActiveOptimized)]);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x02, 0, 0x00, 0x01, 0x00, 0, 0x01, 0x02 }, parameters);
        Assert.Equal(new byte[] { 0xa4, 0x0a, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0 }, ScsiCdb.SetTargetPortGroups((uint)parameters.Length));
    }

    [Fact]
    public void Read10_places_lba_and_block_count() =>
        Assert.Equal(new byte[] { 0x28, 0, 0x01, 0x02, 0x03, 0x04, 0, 0x00, 0x08, 0 }, ScsiCdb.Read10(0x01020304, 8));
}

public class StandardInquiryTests
{
    private static byte[] Lio()
    {
        var data = new byte[96];
        data[0] = 0x00;
        data[2] = 0x06;
        data[5] = 0x30; // TPGS = 11b: implicit and explicit ALUA
        "LIO-ORG "u8.CopyTo(data.AsSpan(8));
        "RAMDISK-MCP     "u8.CopyTo(data.AsSpan(16));
        "4.0 "u8.CopyTo(data.AsSpan(32));
        return data;
    }

    [Fact]
    public void Identification_and_tpgs_are_decoded()
    {
        var inquiry = StandardInquiry.Parse(Lio())!;
        Assert.Equal(new StandardInquiry(0, "LIO-ORG", "RAMDISK-MCP", "4.0", 3), inquiry);
        Assert.True(inquiry.SupportsImplicitAlua && inquiry.SupportsExplicitAlua);
    }

    [Fact]
    public void Implicit_only_tpgs()
    {
        var data = Lio();
        data[5] = 0x10;
        var inquiry = StandardInquiry.Parse(data)!;
        Assert.True(inquiry.SupportsImplicitAlua);
        Assert.False(inquiry.SupportsExplicitAlua);
    }

    [Fact]
    public void Short_data_is_rejected() => Assert.Null(StandardInquiry.Parse(new byte[35]));

    [Fact]
    public void Inquiry_through_a_device_sends_a_standard_inquiry_cdb()
    {
        var transport = new Checkers.ScriptedTransport(_ => Checkers.ScriptedTransport.Data(Lio()));
        var inquiry = new ScsiDevice(transport, "/dev/sda", TimeSpan.FromSeconds(3)).Inquiry();
        Assert.Equal("LIO-ORG", inquiry!.Vendor);
        Assert.Equal(ScsiCdb.Inquiry(null, 96), transport.Commands.Single().Cdb);
    }
}
