using System.Net.Sockets;

namespace Mpath.Daemon.Control;

/// <summary>Sends one command to a multipathd-compatible control socket and returns the reply (what <c>multipathd -k</c> does).</summary>
public static class ControlClient
{
    public static async Task<string> SendAsync(string socketName, string command, TimeSpan timeout, CancellationToken cancel = default)
    {
        await using var connection = await ControlConnection.ConnectAsync(socketName, timeout, cancel).ConfigureAwait(false);
        return await connection.SendAsync(command, timeout, cancel).ConfigureAwait(false);
    }
}

/// <summary>
/// One client connection to the control socket; any number of commands may be sent over it in turn, as the
/// interactive <c>multipathd -k</c> does. Connecting fails with a <see cref="SocketException"/> when nobody listens.
/// </summary>
public sealed class ControlConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private ControlConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public static async Task<ControlConnection> ConnectAsync(string socketName, TimeSpan timeout, CancellationToken cancel = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(timeout);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketName), timer.Token).ConfigureAwait(false);
            return new ControlConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends the command and waits for its reply; <see cref="OperationCanceledException"/> after <paramref name="timeout"/>.</summary>
    public async Task<string> SendAsync(string command, TimeSpan timeout, CancellationToken cancel = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(timeout);
        await ControlWireFormat.WriteAsync(_stream, command, timer.Token).ConfigureAwait(false);
        return await ControlWireFormat.ReadAsync(_stream, int.MaxValue, timer.Token).ConfigureAwait(false)
            ?? throw new ControlProtocolException("the daemon closed the connection without replying");
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
