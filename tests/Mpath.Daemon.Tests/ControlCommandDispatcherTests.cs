using Mpath.Core.Model;
using Mpath.Daemon.Control;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Tests;

public class ControlCommandDispatcherTests
{
    private sealed class RecordingExecutor : IControlCommandExecutor
    {
        public List<string> Executed { get; } = [];

        public ValueTask<string> ExecuteAsync(ControlCommand command, CancellationToken cancel)
        {
            Executed.Add(command.Shape);
            return ValueTask.FromResult("ok\n");
        }
    }

    private static readonly PeerCredentials Root = new(1, 0, 0);
    private static readonly PeerCredentials User = new(2, 1000, 1000);

    private static (ControlCommandDispatcher, RecordingExecutor) Make()
    {
        var path = new PathSnapshot(new PathInfo("sda", "8:0", "0:0:0:0", "LIO-ORG", "RAMDISK", "4.0", "36001405aaaa")) { MapName = "mpatha", GroupNumber = 1 };
        var map = new MapSnapshot("mpatha", "36001405aaaa", [new GroupSnapshot(1, "service-time 0", 50, PathGroupState.Active, [path])]);
        var publisher = new DaemonStatePublisher(new DaemonSnapshot([map], [], DateTimeOffset.UnixEpoch));
        var executor = new RecordingExecutor();
        return (new ControlCommandDispatcher(publisher, executor), executor);
    }

    [Fact]
    public async Task Non_root_may_read_but_not_change()
    {
        var (dispatcher, executor) = Make();
        Assert.Contains("sda", await dispatcher.HandleAsync("show paths", User, default), StringComparison.Ordinal);
        Assert.Equal(ControlCommandDispatcher.PermissionDenied, await dispatcher.HandleAsync("fail path sda", User, default));
        Assert.Empty(executor.Executed);
        Assert.Equal("ok\n", await dispatcher.HandleAsync("fail path sda", Root, default));
        Assert.Equal(["fail path $path"], executor.Executed);
    }

    [Fact]
    public async Task Malformed_commands_get_the_usage_text()
    {
        var (dispatcher, executor) = Make();
        var reply = await dispatcher.HandleAsync("fail everything", Root, default);
        Assert.StartsWith("error: unknown keyword 'everything'", reply, StringComparison.Ordinal);
        Assert.Contains("switch map map group group", reply, StringComparison.Ordinal);
        Assert.Empty(executor.Executed);
    }

    [Fact]
    public async Task Show_commands_never_reach_the_executor()
    {
        var (dispatcher, executor) = Make();
        await dispatcher.HandleAsync("show maps json", User, default);
        await dispatcher.HandleAsync("show topology", User, default);
        Assert.Empty(executor.Executed);
    }
}
