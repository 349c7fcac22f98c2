using Mpath.Daemon.Service;
using Xunit;

namespace Mpath.Daemon.Tests.Service;

public sealed class JournalStreamTests
{
    [Theory]
    [InlineData(null, "socket:[4711]", false)]
    [InlineData("", "socket:[4711]", false)]
    [InlineData("8:4711", "socket:[4711]", true)]
    [InlineData("8:4711", "socket:[99]", false)]
    [InlineData("8:4711", "/var/log/mpathd.log", false)]
    [InlineData("8:4711", null, true)]
    [InlineData("garbage", "socket:[4711]", false)]
    public void Stderr_is_the_journal_only_when_its_socket_is_the_one_systemd_named(string? variable, string? target, bool expected) =>
        Assert.Equal(expected, JournalStream.Matches(variable, target));
}
