using System.Net.Sockets;

namespace Mpath.Daemon.Control;

/// <summary>Sends one command to a multipathd-compatible control socket and returns the reply (what <c>multipathd -k</c> does).</summary>
public static class ControlClient
{
    public static async Task<string> SendAsync(string socketName, string command, TimeSpan timeout, CancellationToken cancel = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketName), timer.Token).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await ControlWireFormat.WriteAsync(stream, command, timer.Token).ConfigureAwait(false);
        return await ControlWireFormat.ReadAsync(stream, int.MaxValue, timer.Token).ConfigureAwait(false)
            ?? throw new ControlProtocolException("the daemon closed the connection without replying");
    }
}
