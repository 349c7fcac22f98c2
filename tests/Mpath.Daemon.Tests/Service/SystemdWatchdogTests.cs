using Microsoft.Extensions.Hosting.Systemd;
using Mpath.Daemon.Service;

namespace Mpath.Daemon.Tests.Service;

public sealed class SystemdWatchdogTests
{
    private sealed class RecordingNotifier(bool enabled) : ISystemdNotifier
    {
        public List<string> Sent { get; } = [];
        public bool IsEnabled => enabled;
        public void Notify(ServiceState state) => Sent.Add(state.ToString());
    }

    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        key => vars.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void The_watchdog_pings_at_half_of_systemds_timeout()
    {
        var watchdog = SystemdWatchdog.FromEnvironment(new RecordingNotifier(true), Env(("WATCHDOG_USEC", "20000000")), 42);
        Assert.Equal(TimeSpan.FromSeconds(10), watchdog!.PingInterval);
    }

    [Fact]
    public void No_watchdog_without_systemd_or_a_timeout_or_for_another_pid()
    {
        Assert.Null(SystemdWatchdog.FromEnvironment(new RecordingNotifier(false), Env(("WATCHDOG_USEC", "20000000")), 42));
        Assert.Null(SystemdWatchdog.FromEnvironment(new RecordingNotifier(true), Env(), 42));
        Assert.Null(SystemdWatchdog.FromEnvironment(new RecordingNotifier(true), Env(("WATCHDOG_USEC", "abc")), 42));
        Assert.Null(SystemdWatchdog.FromEnvironment(new RecordingNotifier(true), Env(("WATCHDOG_USEC", "20000000"), ("WATCHDOG_PID", "7")), 42));
        Assert.NotNull(SystemdWatchdog.FromEnvironment(new RecordingNotifier(true), Env(("WATCHDOG_USEC", "20000000"), ("WATCHDOG_PID", "42")), 42));
    }

    [Fact]
    public void Loop_turns_ping_at_most_every_half_interval()
    {
        var notifier = new RecordingNotifier(true);
        var watchdog = SystemdWatchdog.FromEnvironment(notifier, Env(("WATCHDOG_USEC", "20000000")), 42)!;
        watchdog.Pulse(1_000);
        watchdog.Pulse(2_000);
        watchdog.Pulse(5_999);
        Assert.Single(notifier.Sent);
        watchdog.Pulse(6_000);
        Assert.Equal(["WATCHDOG=1", "WATCHDOG=1"], notifier.Sent);
    }
}
