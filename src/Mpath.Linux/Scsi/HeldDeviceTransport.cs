using Mpath.Linux.Native;

namespace Mpath.Linux.Scsi;

/// <summary>
/// SG_IO on device nodes that stay open between commands, one descriptor per node, as multipathd keeps each path's
/// descriptor. The path checker sends a command to every path every few seconds; opening and closing a block device
/// each time costs more in the kernel than the TEST UNIT READY itself.
/// <para>
/// A held descriptor outlives its device when the disk is removed, and the name (even the major:minor) may come back
/// for another disk. So a command that fails on a held descriptor, in the ioctl or with the host status "no connect",
/// is sent once more on a freshly opened one before its result counts; and <see cref="Forget"/> closes the descriptor
/// of a path the daemon no longer has.
/// </para>
/// </summary>
public sealed class HeldDeviceTransport : IScsiTransport, IDisposable
{
    private const ushort DidNoConnect = 0x01;

    private readonly Func<string, int> _open;
    private readonly Action<int> _close;
    private readonly Func<int, string, ScsiCommand, ScsiResult> _execute;
    private readonly Dictionary<string, Held> _held = new(StringComparer.Ordinal);
    private bool _disposed;

    public HeldDeviceTransport() : this(SgIoTransport.OpenDevice, fd => LibC.Close(fd), SgIoTransport.Execute)
    {
    }

    /// <summary>Tests substitute the system calls.</summary>
    internal HeldDeviceTransport(Func<string, int> open, Action<int> close, Func<int, string, ScsiCommand, ScsiResult> execute)
    {
        _open = open;
        _close = close;
        _execute = execute;
    }

    /// <summary>One open descriptor; closed when retired and no command uses it any more.</summary>
    private sealed class Held(int fd)
    {
        public int Fd { get; } = fd;
        public int Users { get; set; }
        public bool Retired { get; set; }
    }

    /// <summary>How many device nodes have a descriptor held.</summary>
    public int HeldCount
    {
        get
        {
            lock (_held) return _held.Count;
        }
    }

    public ScsiResult Execute(string devicePath, ScsiCommand command)
    {
        var (held, fresh) = Acquire(devicePath);
        try
        {
            ScsiResult result;
            try
            {
                result = _execute(held.Fd, devicePath, command);
            }
            catch (ScsiTransportException) when (!fresh)
            {
                return Again(devicePath, command, held);
            }
            return result.HostStatus == DidNoConnect && !fresh ? Again(devicePath, command, held) : result;
        }
        finally
        {
            Release(held);
        }
    }

    /// <summary>Closes the descriptor held for the node (now, or when the command using it returns).</summary>
    void IScsiTransport.Forget(string devicePath) => Forget(devicePath);

    /// <inheritdoc cref="IScsiTransport.Forget"/>
    public void Forget(string devicePath)
    {
        lock (_held)
        {
            if (_held.Remove(devicePath, out var held)) RetireLocked(held);
        }
    }

    public void Dispose()
    {
        lock (_held)
        {
            _disposed = true;
            foreach (var held in _held.Values) RetireLocked(held);
            _held.Clear();
        }
    }

    /// <summary>The held descriptor may name a disk that is gone: retire it and send the command on a new one.</summary>
    private ScsiResult Again(string devicePath, ScsiCommand command, Held stale)
    {
        lock (_held)
        {
            if (_held.TryGetValue(devicePath, out var current) && current == stale)
            {
                _held.Remove(devicePath);
                RetireLocked(stale);
            }
        }
        var (held, _) = Acquire(devicePath);
        try
        {
            return _execute(held.Fd, devicePath, command);
        }
        finally
        {
            Release(held);
        }
    }

    private (Held Held, bool Fresh) Acquire(string devicePath)
    {
        lock (_held)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_held.TryGetValue(devicePath, out var existing))
            {
                existing.Users++;
                return (existing, false);
            }
        }
        // Opened outside the lock: opening a device that is going away can take a while.
        var fd = _open(devicePath);
        lock (_held)
        {
            var held = new Held(fd) { Users = 1 };
            if (_disposed) held.Retired = true; // closed on release
            else if (!_held.TryAdd(devicePath, held)) held.Retired = true; // another command opened it meanwhile: use ours once
            return (held, true);
        }
    }

    private void Release(Held held)
    {
        lock (_held)
        {
            held.Users--;
            if (held.Retired && held.Users == 0) _close(held.Fd);
        }
    }

    private void RetireLocked(Held held)
    {
        held.Retired = true;
        if (held.Users == 0) _close(held.Fd);
    }
}
