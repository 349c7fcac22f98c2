using Mpath.Linux.Scsi;

namespace Mpath.Linux.Tests.Scsi;

public class SenseDataTests
{
    private static byte[] Fixed(byte key, byte asc, byte ascq)
    {
        var sense = new byte[18];
        sense[0] = 0x70;
        sense[2] = key;
        sense[7] = 10;
        sense[12] = asc;
        sense[13] = ascq;
        return sense;
    }

    [Fact]
    public void Fixed_format_standby_is_recognised_with_readable_text()
    {
        var sense = SenseData.TryParse(Fixed(0x2, 0x04, 0x0b))!;
        Assert.Equal(SenseKey.NotReady, sense.Key);
        Assert.True(sense.IsStandby);
        Assert.False(sense.IsTransitioning);
        Assert.Equal("sense key not ready, asc/ascq 04/0b (logical unit not accessible, target port in standby state)", sense.ToString());
    }

    [Fact]
    public void Descriptor_format_takes_key_and_codes_from_bytes_1_to_3()
    {
        var sense = SenseData.TryParse([0x72, 0x06, 0x2a, 0x06, 0, 0, 0, 0])!;
        Assert.Equal(SenseKey.UnitAttention, sense.Key);
        Assert.Equal("asymmetric access state changed", sense.CodeText);
    }

    [Fact]
    public void Deferred_error_formats_decode_like_current_ones()
    {
        var fixedDeferred = Fixed(0x2, 0x04, 0x0a);
        fixedDeferred[0] = 0x71;
        Assert.True(SenseData.TryParse(fixedDeferred)!.IsTransitioning);
        Assert.True(SenseData.TryParse([0x73, 0x02, 0x04, 0x0c])!.IsUnavailable);
    }

    [Fact]
    public void Valid_bit_in_fixed_format_does_not_hide_the_response_code()
    {
        var sense = Fixed(0x3, 0x11, 0x00);
        sense[0] = 0xf0;
        Assert.Equal("unrecovered read error", SenseData.TryParse(sense)!.CodeText);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x70, 0, 2 })]
    [InlineData(new byte[] { 0x7f, 0, 2, 0, 0, 0, 0, 0 })]
    public void Missing_short_or_unknown_sense_is_null(byte[] bytes) => Assert.Null(SenseData.TryParse(bytes));

    [Fact]
    public void Short_fixed_sense_keeps_the_key_without_codes()
    {
        var sense = SenseData.TryParse([0x70, 0, 0x06, 0, 0, 0, 0, 0])!;
        Assert.Equal(SenseKey.UnitAttention, sense.Key);
        Assert.Equal(0, sense.Asc);
    }

    [Fact]
    public void Unknown_codes_are_printed_numerically() =>
        Assert.Equal("asc 0x99 ascq 0x01", SenseText.AdditionalSense(0x99, 0x01));

    [Fact]
    public void Result_description_names_host_status_scsi_status_and_sense()
    {
        var result = new ScsiResult(0x02, 0, 0, Fixed(0x2, 0x04, 0x0b), []);
        Assert.False(result.Ok);
        Assert.Equal("check condition, sense key not ready, asc/ascq 04/0b (logical unit not accessible, target port in standby state)", result.Describe());
        Assert.Equal("no connect", new ScsiResult(0, 0x01, 0, [], []).Describe());
        Assert.Equal("reservation conflict", new ScsiResult(0x18, 0, 0, [], []).Describe());
        Assert.Equal("good", new ScsiResult(0, 0, 0, [], []).Describe());
    }

    [Fact]
    public void Driver_sense_flag_alone_is_not_a_driver_error()
    {
        var withSense = new ScsiResult(0x02, 0, 0x08, Fixed(0x5, 0x26, 0x00), []);
        Assert.False(withSense.DriverError);
        Assert.Equal("check condition, sense key illegal request, asc/ascq 26/00 (invalid field in parameter list)", withSense.Describe());
        Assert.Equal("driver timeout", new ScsiResult(0, 0, 0x06, [], []).Describe());
        Assert.True(new ScsiResult(0, 0, 0x04, [], []).DriverError);
        Assert.False(new ScsiResult(0, 0, 0x04, [], []).Ok);
    }
}
