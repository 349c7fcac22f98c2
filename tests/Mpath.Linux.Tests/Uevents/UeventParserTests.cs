using CsCheck;
using Mpath.Linux.Uevents;

namespace Mpath.Linux.Tests.Uevents;

public sealed class UeventParserTests
{
    [Fact]
    public void A_kernel_message_gives_action_device_and_properties()
    {
        var parsed = UeventParser.Parse(UeventWire.KernelAddSdc());
        var e = Assert.IsType<Uevent>(parsed.Value);
        Assert.Equal(UeventAction.Add, e.Action);
        Assert.Equal(UeventOrigin.Kernel, e.Origin);
        Assert.Equal("sdc", e.KernelName);
        Assert.Equal("8:32", e.DevT);
        Assert.Equal(2187UL, e.SequenceNumber);
        Assert.True(e.IsPathOrMap);
    }

    [Fact]
    public void A_udev_message_gives_the_properties_udev_added()
    {
        var e = Assert.IsType<Uevent>(UeventParser.Parse(UeventWire.UdevAddSdc()).Value);
        Assert.Equal(UeventOrigin.Udev, e.Origin);
        Assert.Equal("sdc", e.KernelName); // DEVNAME is /dev/sdc here; the name comes from DEVPATH either way
        Assert.Equal("333333330000007d0", e.Properties["ID_SERIAL"]);
        Assert.Equal("block", e.Subsystem);
    }

    [Theory]
    [InlineData("remove", UeventAction.Remove)]
    [InlineData("change", UeventAction.Change)]
    [InlineData("bind", UeventAction.Other)]
    public void Actions_are_recognised(string action, UeventAction expected)
    {
        var e = UeventParser.Parse(UeventWire.Udev($"ACTION={action}", $"DEVPATH={UeventWire.SdcPath}", "SUBSYSTEM=block")).Value;
        Assert.Equal(expected, e!.Action);
    }

    [Theory]
    [InlineData("/devices/virtual/block/dm-3", "block", "disk", true)]
    [InlineData("/devices/pci0000:00/nvme/nvme0/nvme0n1", "block", "disk", true)]
    [InlineData("/devices/pci0000:00/nvme/nvme0/nvme0n1/nvme0n1p1", "block", "partition", false)]
    [InlineData("/devices/pseudo_0/adapter0/host2/target2:0:0/2:0:0:0/block/sdc/sdc1", "block", "partition", false)]
    [InlineData("/devices/virtual/block/loop0", "block", "disk", false)]
    [InlineData("/devices/pseudo_0/adapter0/host2/target2:0:0/2:0:0:0", "scsi", "scsi_device", false)]
    [InlineData("/devices/virtual/nvme-fabrics/ctl/nvme0", "nvme", "", false)]
    public void Only_whole_sd_nvme_and_dm_block_devices_are_of_interest(string devPath, string subsystem, string devType, bool wanted)
    {
        var e = UeventParser.Parse(UeventWire.Udev("ACTION=add", $"DEVPATH={devPath}", $"SUBSYSTEM={subsystem}", $"DEVTYPE={devType}")).Value;
        Assert.Equal(wanted, e!.IsPathOrMap);
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { (byte)'l', (byte)'i', (byte)'b', (byte)'u', (byte)'d', (byte)'e', (byte)'v', 0, 0xfe }, "shorter than its header")]
    public void Truncated_datagrams_are_rejected_with_a_reason(byte[] datagram, string reason)
    {
        var parsed = UeventParser.Parse(datagram);
        Assert.Null(parsed.Value);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_udev_message_with_the_wrong_magic_is_rejected()
    {
        var parsed = UeventParser.Parse(UeventWire.UdevWithHeader(0xcafefeed, 40, "ACTION=add", "DEVPATH=/devices/x/sda", "SUBSYSTEM=block"));
        Assert.Contains("magic", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_udev_message_whose_properties_lie_outside_it_is_rejected()
    {
        var parsed = UeventParser.Parse(UeventWire.UdevWithHeader(0xfeedcafe, 4000, "ACTION=add", "DEVPATH=/devices/x/sda", "SUBSYSTEM=block"));
        Assert.Contains("out of bounds", parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add@/devices/x/block/sda\0SUBSYSTEM=block\0garbage\0", "without KEY=")]
    [InlineData("no at sign here\0ACTION=add\0", "ACTION@DEVPATH")]
    [InlineData("add@/devices/x/block/sda\0ACTION=add\0", "no SUBSYSTEM")]
    [InlineData("add@/devices/x/block/sda\0DEVPATH=/devices/y/block/sdb\0SUBSYSTEM=block\0", "header names")]
    public void Malformed_kernel_messages_are_rejected_with_a_reason(string text, string reason)
    {
        var parsed = UeventParser.Parse(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Null(parsed.Value);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        CsCheck.Gen.Byte[0, 255].Array[0, 300].Sample(bytes =>
        {
            var parsed = UeventParser.Parse(bytes);
            Assert.True(parsed.Value is not null ^ parsed.Error is not null);
        });
        // The same with a valid udev header in front, so the property reader gets the garbage.
        CsCheck.Gen.Byte[0, 255].Array[0, 300].Sample(bytes =>
        {
            var message = UeventWire.Udev().Concat(bytes).ToArray();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), (uint)bytes.Length);
            _ = UeventParser.Parse(message);
        });
    }
}
