using System.Runtime.InteropServices;
using Mpath.Linux.Native;

namespace Mpath.Linux.DeviceMapper;

/// <summary>Blocks until any device-mapper map may have had an event (a path failed, a group switched, a table loaded).</summary>
public interface IDmEventSignal : IDisposable
{
    /// <summary>True when an event happened since the last call (the signal is then armed again); false on timeout.</summary>
    bool Wait(TimeSpan timeout);
}

/// <summary>
/// One descriptor of /dev/mapper/control armed with DM_DEV_ARM_POLL (dm ioctl 4.37, Linux 4.13): poll() reports it
/// readable once any map's event counter moved after the arming. One thread then serves every map, where DM_DEV_WAIT
/// needs one blocked thread per map; DM_LIST_DEVICES tells which maps moved (it reports each map's counter since the
/// same interface version).
/// </summary>
public sealed class DmEventPoll : IDmEventSignal
{
    /// <summary>sizeof(struct dm_ioctl).</summary>
    private const int DmIoctlSize = 312;

    /// <summary>_IOWR(0xfd, DM_DEV_ARM_POLL_CMD = 16, struct dm_ioctl).</summary>
    private const nuint DmDevArmPoll = 0xC138FD10;

    private const short PollIn = 0x1;

    private readonly int _fd;
    private int _disposed;

    private DmEventPoll(int fd) => _fd = fd;

    /// <summary>The armed descriptor, or null with the reason (no device-mapper, or a kernel without DM_DEV_ARM_POLL).</summary>
    public static DmEventPoll? TryOpen(out string? why, string control = "/dev/mapper/control")
    {
        var fd = LibC.Open(control, LibC.ReadWrite | LibC.CloseOnExec);
        if (fd < 0)
        {
            why = $"{control}: {LibC.ErrorText(Marshal.GetLastPInvokeError())}";
            return null;
        }
        var poll = new DmEventPoll(fd);
        if (!poll.Arm(out var errno))
        {
            poll.Dispose();
            why = $"DM_DEV_ARM_POLL: {LibC.ErrorText(errno)}";
            return null;
        }
        why = null;
        return poll;
    }

    public bool Wait(TimeSpan timeout)
    {
        var entry = new LibC.PollFd { Fd = _fd, Events = PollIn };
        var ready = LibC.Poll(ref entry, 1, (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
        if (ready <= 0 || (entry.Returned & PollIn) == 0) return false;
        // Armed again before the caller lists the maps: an event after this point wakes the next wait.
        if (!Arm(out var errno)) throw new DeviceMapperException("device-mapper", "arm poll", errno, "");
        return true;
    }

    private unsafe bool Arm(out int errno)
    {
        var header = stackalloc byte[DmIoctlSize];
        new Span<byte>(header, DmIoctlSize).Clear();
        var words = (uint*)header;
        words[0] = 4; // interface version 4.37.0: the first with DM_DEV_ARM_POLL
        words[1] = 37;
        words[2] = 0;
        words[3] = DmIoctlSize; // data_size
        words[4] = DmIoctlSize; // data_start
        if (LibC.Ioctl(_fd, DmDevArmPoll, header) == 0)
        {
            errno = 0;
            return true;
        }
        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _ = LibC.Close(_fd);
    }
}
