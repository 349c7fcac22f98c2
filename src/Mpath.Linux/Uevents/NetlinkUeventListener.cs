using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mpath.Linux.Native;

namespace Mpath.Linux.Uevents;

/// <summary>What the listener hands its consumer: an event, a datagram it had to drop, or the news that events were lost.</summary>
public interface IUeventSink
{
    void OnUevent(Uevent uevent);

    /// <summary>A datagram that is not a well-formed uevent; <paramref name="reason"/> says why.</summary>
    void OnMalformed(string reason);

    /// <summary>The socket's receive buffer overflowed (ENOBUFS): some events are gone, the consumer must rescan.</summary>
    void OnOverflow();
}

/// <summary>A source of uevents the daemon can run; the netlink socket on a host, a script in tests.</summary>
public interface IUeventListener : IDisposable
{
    Task RunAsync(IUeventSink sink, CancellationToken cancel);
}

/// <summary>
/// Listens on a NETLINK_KOBJECT_UEVENT socket. <see cref="UeventOrigin.Udev"/> subscribes to udev's multicast group
/// (events re-sent after udev's rules ran, so ID_SERIAL and friends are already in its database, as multipathd
/// wants them); <see cref="UeventOrigin.Kernel"/> to the kernel's own group, for hosts that run no udev daemon.
/// The socket is made with socket(2)/bind(2) (a netlink address has no .NET EndPoint) and then received from
/// asynchronously through a <see cref="Socket"/> wrapping the descriptor, so no thread is parked on it.
/// Only senders with CAP_NET_ADMIN may multicast on this netlink family, so the two groups carry the kernel's and
/// udevd's messages only; the parser still treats every datagram as untrusted.
/// </summary>
public sealed class NetlinkUeventListener : IUeventListener
{
    private const int NetlinkKobjectUevent = 15;
    /// <summary>Room for a few thousand events queued in the kernel while the daemon is busy (a storm of add_host).</summary>
    private const int ReceiveBufferBytes = 16 * 1024 * 1024;
    /// <summary>udev messages carry every property of the device; none comes near this.</summary>
    private const int MaxDatagram = 64 * 1024;

    private readonly Socket _socket;

    private NetlinkUeventListener(Socket socket, UeventOrigin group)
    {
        _socket = socket;
        Group = group;
    }

    public UeventOrigin Group { get; }

    /// <summary>The group a host's uevents are best heard on: udev's when udevd runs (its control socket exists), else the kernel's.</summary>
    public static UeventOrigin PreferredGroup(string udevControl = "/run/udev/control") =>
        File.Exists(udevControl) ? UeventOrigin.Udev : UeventOrigin.Kernel;

    /// <summary>Opens and binds the socket; throws <see cref="SocketException"/> with errno when the kernel refuses.</summary>
    public static unsafe NetlinkUeventListener Open(UeventOrigin group)
    {
        var fd = LibC.Socket(LibC.AfNetlink, LibC.SockRaw | LibC.CloseOnExec, NetlinkKobjectUevent);
        if (fd < 0) throw new SocketException(Marshal.GetLastPInvokeError());
        try
        {
            var size = ReceiveBufferBytes;
            // Best effort: without CAP_NET_ADMIN the default buffer stays and a storm may overflow into a rescan.
            _ = LibC.SetSockOpt(fd, LibC.SolSocket, LibC.SoRcvBufForce, &size, sizeof(int));
            // struct sockaddr_nl: family (u16), pad (u16), pid (u32, 0 = let the kernel pick), groups (u32 bitmask).
            var address = stackalloc byte[12];
            new Span<byte>(address, 12).Clear();
            *(ushort*)address = LibC.AfNetlink;
            *(uint*)(address + 8) = group == UeventOrigin.Udev ? 2u : 1u;
            if (LibC.Bind(fd, address, 12) != 0) throw new SocketException(Marshal.GetLastPInvokeError());
            return new NetlinkUeventListener(new Socket(new SafeSocketHandle(fd, ownsHandle: true)), group);
        }
        catch
        {
            LibC.Close(fd);
            throw;
        }
    }

    public async Task RunAsync(IUeventSink sink, CancellationToken cancel)
    {
        var buffer = new byte[MaxDatagram];
        while (!cancel.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                sink.OnOverflow();
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var parsed = UeventParser.Parse(buffer.AsSpan(0, length));
            if (parsed.Value is { } uevent) sink.OnUevent(uevent);
            else sink.OnMalformed(parsed.Error ?? "unparsable");
        }
    }

    public void Dispose() => _socket.Dispose();
}
