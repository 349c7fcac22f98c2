using System.Net.Sockets;
using Mpath.Daemon.Control;
using Mpath.Daemon.Show;

namespace Mpath.Cli.Commands;

/// <summary>Which replies make a client exit 1.</summary>
internal enum ReplyVerdict
{
    /// <summary>mpath's own commands: "fail", "error: ..." and "permission deny" replies are failures.</summary>
    Strict,
    /// <summary>The stock multipathd client: only the exact reply "fail\n" is a failure; scripts depend on that.</summary>
    MultipathdClient,
}

/// <summary>
/// A client of the daemon's control socket: sends commands, prints the replies, and turns every way of not getting a
/// reply (nobody listening, no answer in time, a broken message) into one clear line naming the socket, exit code 1.
/// </summary>
internal sealed class ControlRequest(string endpoint, TextWriter stdout, TextWriter stderr, string program)
{
    /// <summary>A reconfigure rereads everything; multipathd's client waits uxsock_timeout (4 s) + 0.1 s, mpath is patient.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    public async Task<int> SendAsync(string command, ReplyVerdict verdict, CancellationToken cancel)
    {
        await using var connection = await ConnectAsync(cancel).ConfigureAwait(false);
        if (connection is null) return ExitCodes.Problem;
        var reply = await ExchangeAsync(connection, command, cancel).ConfigureAwait(false);
        if (reply is null) return ExitCodes.Problem;
        stdout.Write(reply);
        return IsFailure(reply, verdict) ? ExitCodes.Problem : ExitCodes.Ok;
    }

    /// <summary>
    /// Reads commands line by line until end of input or quit/exit, sending each over one connection and printing each
    /// reply, like <c>multipathd -k</c>. The prompt is shown only when a person is typing.
    /// </summary>
    public async Task<int> InteractiveAsync(TextReader input, string? prompt, CancellationToken cancel)
    {
        await using var connection = await ConnectAsync(cancel).ConfigureAwait(false);
        if (connection is null) return ExitCodes.Problem;
        while (true)
        {
            if (prompt is not null)
            {
                stdout.Write(prompt);
                stdout.Flush();
            }
            var line = await input.ReadLineAsync(cancel).ConfigureAwait(false);
            if (line is null) return ExitCodes.Ok;
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed is "quit" or "exit") return ExitCodes.Ok;
            var reply = await ExchangeAsync(connection, trimmed, cancel).ConfigureAwait(false);
            if (reply is null) return ExitCodes.Problem;
            stdout.Write(reply);
            stdout.Flush();
        }
    }

    public static bool IsFailure(string reply, ReplyVerdict verdict) =>
        reply == ShowCommandRenderer.FailReply
        || (verdict == ReplyVerdict.Strict
            && (reply.StartsWith("error:", StringComparison.Ordinal) || reply == ControlCommandDispatcher.PermissionDenied));

    private string Socket => ControlSocketAddress.Display(endpoint);

    private async Task<ControlConnection?> ConnectAsync(CancellationToken cancel)
    {
        try
        {
            return await ControlConnection.ConnectAsync(endpoint, ReplyTimeout, cancel).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            stderr.WriteLine($"{program}: cannot connect to the control socket {Socket}: {e.Message} (is mpath daemon or multipathd running?)");
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            stderr.WriteLine($"{program}: the control socket {Socket} did not accept the connection within {ReplyTimeout.TotalSeconds:0} s");
        }
        return null;
    }

    private async Task<string?> ExchangeAsync(ControlConnection connection, string command, CancellationToken cancel)
    {
        try
        {
            return await connection.SendAsync(command, ReplyTimeout, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            stderr.WriteLine($"{program}: no reply to '{command}' from {Socket} within {ReplyTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is ControlProtocolException or IOException or SocketException)
        {
            stderr.WriteLine($"{program}: '{command}' on {Socket}: {e.Message}");
        }
        return null;
    }
}
