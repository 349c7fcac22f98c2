using System.Buffers.Binary;
using System.Text;

namespace Mpath.Linux.Tests.Uevents;

/// <summary>
/// Builds datagrams in the two wire formats of NETLINK_KOBJECT_UEVENT, with the properties real devices send
/// (taken from <c>udevadm monitor --kernel --udev --property</c> on a scsi_debug host).
/// </summary>
internal static class UeventWire
{
    public static byte[] Kernel(string action, string devPath, params string[] properties)
    {
        var text = $"{action}@{devPath}\0" + string.Concat(properties.Select(p => p + "\0"));
        return Encoding.UTF8.GetBytes(text);
    }

    public static byte[] Udev(params string[] properties) => UdevWithHeader(0xfeedcafe, 40, properties);

    public static byte[] UdevWithHeader(uint magic, uint propertiesOffset, params string[] properties)
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(properties.Select(p => p + "\0")));
        var message = new byte[40 + body.Length];
        "libudev\0"u8.CopyTo(message);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), magic);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(12), 40);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16), propertiesOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(20), (uint)body.Length);
        body.CopyTo(message, 40);
        return message;
    }

    public const string SdcPath = "/devices/pseudo_0/adapter0/host2/target2:0:0/2:0:0:0/block/sdc";

    /// <summary>What the kernel sends when scsi_debug's third disk appears.</summary>
    public static byte[] KernelAddSdc() => Kernel("add", SdcPath,
        "ACTION=add", $"DEVPATH={SdcPath}", "SUBSYSTEM=block", "MAJOR=8", "MINOR=32", "DEVNAME=sdc", "DEVTYPE=disk", "DISKSEQ=5", "SEQNUM=2187");

    /// <summary>What udevd re-sends for it once its rules ran.</summary>
    public static byte[] UdevAddSdc() => Udev(
        "ACTION=add", $"DEVPATH={SdcPath}", "SUBSYSTEM=block", "DEVNAME=/dev/sdc", "DEVTYPE=disk", "DISKSEQ=5", "SEQNUM=2187",
        "USEC_INITIALIZED=11422631", "ID_SCSI=1", "ID_VENDOR=Linux", "ID_MODEL=scsi_debug", "ID_REVISION=0191", "ID_TYPE=disk",
        "ID_SERIAL=333333330000007d0", "ID_WWN=0x333333330000007d", "ID_PATH=platform-pseudo_0-scsi-0:0:0:0", "MAJOR=8", "MINOR=32",
        "DEVLINKS=/dev/disk/by-id/scsi-333333330000007d0 /dev/disk/by-id/wwn-0x333333330000007d", "TAGS=:systemd:", "CURRENT_TAGS=:systemd:");
}
