using Mpath.Daemon.Service;

namespace Mpath.Daemon.Tests.Service;

public sealed class SocketActivationTests
{
    private static Func<string, string?> Env(string? pid, string? fds) => key => key switch
    {
        "LISTEN_PID" => pid,
        "LISTEN_FDS" => fds,
        _ => null,
    };

    [Fact]
    public void The_passed_socket_is_descriptor_3_when_systemd_passed_it_to_this_process()
    {
        Assert.Equal(3, SocketActivation.PassedDescriptor(Env("42", "1"), 42));
        Assert.Null(SocketActivation.PassedDescriptor(Env("41", "1"), 42));
        Assert.Null(SocketActivation.PassedDescriptor(Env("42", "0"), 42));
        Assert.Null(SocketActivation.PassedDescriptor(Env(null, null), 42));
    }
}
