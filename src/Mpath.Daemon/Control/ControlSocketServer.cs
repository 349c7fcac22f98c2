using System.Buffers.Binary;
using System.Net.Sockets;

namespace Mpath.Daemon.Control;

/// <summary>Who sent a command, from the socket's peer credentials (SO_PEERCRED).</summary>
public readonly record struct PeerCredentials(int Pid, int Uid, int Gid)
{
    public bool IsRoot => Uid == 0;
}

/// <summary>Answers one command text from one peer; the reply text is sent back as-is.</summary>
public delegate ValueTask<string> ControlCommandHandler(string command, PeerCredentials peer, CancellationToken cancel);

/// <summary>
/// The multipathd-compatible control socket: a Unix stream socket (abstract name by default), one task per client
/// connection, each connection serving any number of length-prefixed commands. A slow handler never blocks accept
/// or other clients; a malformed message closes only its own connection, after an error reply where possible.
/// </summary>
public sealed class ControlSocketServer : IAsyncDisposable
{
    /// <summary>multipathd's abstract socket name (the leading NUL makes it abstract).</summary>
    public const string DefaultAbstractName = "\0/org/kernel/linux/storage/multipathd";

    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    private readonly Socket _listener;
    private readonly ControlCommandHandler _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];
    private Task? _acceptLoop;

    public ControlSocketServer(string socketName, ControlCommandHandler handler)
    {
        _handler = handler;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            _listener.Bind(new UnixDomainSocketEndPoint(socketName));
            _listener.Listen(64);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        SocketName = socketName;
    }

    /// <summary>
    /// Serves a socket someone else bound and put in listening state: systemd's socket activation (mpathd.socket)
    /// passes it as descriptor 3, so clients may connect before the daemon runs.
    /// </summary>
    public ControlSocketServer(Socket listening, string socketName, ControlCommandHandler handler)
    {
        _handler = handler;
        _listener = listening;
        SocketName = socketName;
    }

    public string SocketName { get; }

    public void Start() => _acceptLoop = AcceptLoopAsync(_stop.Token);

    private async Task AcceptLoopAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException) when (cancel.IsCancellationRequested)
            {
                break;
            }
            lock (_clients)
            {
                _clients.RemoveAll(t => t.IsCompleted);
                _clients.Add(ServeClientAsync(client, cancel));
            }
        }
    }

    private async Task ServeClientAsync(Socket client, CancellationToken cancel)
    {
        using (client)
        await using (var stream = new NetworkStream(client, ownsSocket: false))
        {
            var peer = ReadPeerCredentials(client);
            while (!cancel.IsCancellationRequested)
            {
                string? command;
                try
                {
                    command = await ControlWireFormat.ReadAsync(stream, ControlWireFormat.MaxCommandLength, cancel).ConfigureAwait(false);
                }
                catch (ControlProtocolException e)
                {
                    await TryReplyAsync(stream, $"error: {e.Message}\n", cancel).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                    return;
                }
                if (command is null) return;
                string reply;
                try
                {
                    reply = await _handler(command, peer, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
#pragma warning disable CA1031 // a failing handler must answer its client, not take the daemon down
                catch (Exception e)
#pragma warning restore CA1031
                {
                    reply = $"error: internal error while handling '{command}': {e.Message}\n";
                }
                if (!await TryReplyAsync(stream, reply, cancel).ConfigureAwait(false)) return;
            }
        }
    }

    private static async Task<bool> TryReplyAsync(Stream stream, string reply, CancellationToken cancel)
    {
        try
        {
            await ControlWireFormat.WriteAsync(stream, reply, cancel).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>struct ucred { pid_t pid; uid_t uid; gid_t gid; } read with getsockopt(SOL_SOCKET, SO_PEERCRED).</summary>
    private static PeerCredentials ReadPeerCredentials(Socket client)
    {
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            var n = client.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
            if (n < 12) return new(-1, -1, -1);
        }
        catch (SocketException)
        {
            // Unknown peer: treated as unprivileged, so mutating commands are refused.
            return new(-1, -1, -1);
        }
        return new(BinaryPrimitives.ReadInt32LittleEndian(ucred), BinaryPrimitives.ReadInt32LittleEndian(ucred[4..]), BinaryPrimitives.ReadInt32LittleEndian(ucred[8..]));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        Task[] clients;
        lock (_clients) clients = [.. _clients];
        await Task.WhenAll(clients).ConfigureAwait(false);
        _stop.Dispose();
    }
}
