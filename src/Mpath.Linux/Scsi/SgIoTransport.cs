using System.Runtime.InteropServices;
using Mpath.Linux.Native;

namespace Mpath.Linux.Scsi;

/// <summary><see cref="IScsiTransport"/> through the Linux SG_IO ioctl on a block (sdX) or sg device node.</summary>
public sealed class SgIoTransport : IScsiTransport
{
    private const int SenseBufferLength = 64;

    /// <summary>struct sg_io_hdr (scsi/sg.h) for 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct SgIoHeader
    {
        public int InterfaceId;
        public int DxferDirection;
        public byte CmdLen;
        public byte MxSbLen;
        public ushort IovecCount;
        public uint DxferLen;
        public void* Dxferp;
        public byte* Cmdp;
        public byte* Sbp;
        public uint Timeout;
        public uint Flags;
        public int PackId;
        public void* UsrPtr;
        public byte Status;
        public byte MaskedStatus;
        public byte MsgStatus;
        public byte SbLenWr;
        public ushort HostStatus;
        public ushort DriverStatus;
        public int Resid;
        public uint Duration;
        public uint Info;
    }

    public ScsiResult Execute(string devicePath, ScsiCommand command)
    {
        var fd = OpenDevice(devicePath);
        try
        {
            return Execute(fd, devicePath, command);
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    /// <summary>Opens a device node for SG_IO; throws <see cref="ScsiTransportException"/> when it cannot.</summary>
    internal static int OpenDevice(string devicePath)
    {
        // O_NONBLOCK: opening must not wait for a device that is not ready; SG_IO still blocks until done or timed out.
        var fd = LibC.Open(devicePath, LibC.ReadOnly | LibC.NonBlock | LibC.CloseOnExec);
        return fd >= 0 ? fd : throw new ScsiTransportException(devicePath, "open", Marshal.GetLastPInvokeError());
    }

    internal static unsafe ScsiResult Execute(int fd, string devicePath, ScsiCommand command)
    {
        var data = command.Direction switch
        {
            ScsiDataDirection.ToDevice => command.DataOut ?? [],
            ScsiDataDirection.FromDevice => new byte[command.TransferLength],
            _ => [],
        };
        var sense = new byte[SenseBufferLength];
        fixed (byte* cdb = command.Cdb)
        fixed (byte* buffer = data)
        fixed (byte* senseBuffer = sense)
        {
            var header = new SgIoHeader
            {
                InterfaceId = 'S',
                DxferDirection = command.Direction switch
                {
                    ScsiDataDirection.ToDevice => -2,
                    ScsiDataDirection.FromDevice => -3,
                    _ => -1,
                },
                CmdLen = (byte)command.Cdb.Length,
                MxSbLen = SenseBufferLength,
                DxferLen = (uint)data.Length,
                Dxferp = data.Length > 0 ? buffer : null,
                Cmdp = cdb,
                Sbp = senseBuffer,
                Timeout = (uint)Math.Clamp(command.Timeout.TotalMilliseconds, 1, uint.MaxValue),
            };
            if (LibC.Ioctl(fd, LibC.SgIo, &header) < 0)
            {
                throw new ScsiTransportException(devicePath, "SG_IO", Marshal.GetLastPInvokeError());
            }
            var received = command.Direction == ScsiDataDirection.FromDevice
                ? data.AsSpan(0, Math.Clamp(data.Length - header.Resid, 0, data.Length)).ToArray()
                : [];
            return new ScsiResult(header.Status, header.HostStatus, header.DriverStatus, sense.AsSpan(0, header.SbLenWr).ToArray(), received);
        }
    }
}
