using System.Net.Sockets;
using Mpath.Daemon.Control;

namespace Mpath.Daemon.Tests;

public class ControlSocketTests
{
    private static string UniqueAbstractName() => $"\0/mpath-test/{Guid.NewGuid():N}";

    [Fact]
    public async Task Answers_commands_and_reports_the_peer_credentials()
    {
        var name = UniqueAbstractName();
        PeerCredentials seen = default;
        await using var server = new ControlSocketServer(name, (command, peer, _) =>
        {
            seen = peer;
            return ValueTask.FromResult($"got: {command}\n");
        });
        server.Start();
        Assert.Equal("got: show paths\n", await ControlClient.SendAsync(name, "show paths", TimeSpan.FromSeconds(10)));
        Assert.Equal(Environment.ProcessId, seen.Pid);
        Assert.Equal(Environment.UserName == "root" ? 0 : seen.Uid, seen.Uid);
        Assert.True(seen.Uid >= 0);
    }

    [Fact]
    public async Task Malformed_message_gets_an_error_reply_and_the_server_keeps_serving()
    {
        var name = UniqueAbstractName();
        await using var server = new ControlSocketServer(name, (c, _, _) => ValueTask.FromResult("ok\n"));
        server.Start();
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(name));
            var huge = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(huge, 1UL << 40);
            await socket.SendAsync(huge);
            await using var stream = new NetworkStream(socket);
            var reply = await ControlWireFormat.ReadAsync(stream, 4096, CancellationToken.None);
            Assert.StartsWith("error:", reply, StringComparison.Ordinal);
        }
        Assert.Equal("ok\n", await ControlClient.SendAsync(name, "show maps", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_slow_command_does_not_block_another_client()
    {
        var name = UniqueAbstractName();
        var release = new TaskCompletionSource();
        await using var server = new ControlSocketServer(name, async (c, _, cancel) =>
        {
            if (c == "reconfigure") await release.Task.WaitAsync(cancel);
            return $"{c} done\n";
        });
        server.Start();
        var slow = ControlClient.SendAsync(name, "reconfigure", TimeSpan.FromSeconds(30));
        Assert.Equal("show maps done\n", await ControlClient.SendAsync(name, "show maps", TimeSpan.FromSeconds(10)));
        Assert.False(slow.IsCompleted);
        release.SetResult();
        Assert.Equal("reconfigure done\n", await slow);
    }

    [Fact]
    public async Task A_throwing_handler_becomes_an_error_reply()
    {
        var name = UniqueAbstractName();
        await using var server = new ControlSocketServer(name, (_, _, _) => throw new InvalidOperationException("boom"));
        server.Start();
        var reply = await ControlClient.SendAsync(name, "show paths", TimeSpan.FromSeconds(10));
        Assert.Contains("boom", reply, StringComparison.Ordinal);
    }
}
