using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace Mpath.Daemon.Service;

/// <summary>
/// systemd's service watchdog (WatchdogSec=): when systemd asks for it (WATCHDOG_USEC, for this pid), the check loop
/// sends WATCHDOG=1 on each turn, at least every half timeout. A loop that stops turning stops the pings, and
/// systemd restarts the daemon; a free-running timer would keep pinging a daemon whose loop is stuck.
/// </summary>
public sealed class SystemdWatchdog
{
    private static readonly ServiceState Ping = new("WATCHDOG=1");
    private readonly ISystemdNotifier _notifier;
    private long _lastPing = long.MinValue;

    private SystemdWatchdog(ISystemdNotifier notifier, TimeSpan interval)
    {
        _notifier = notifier;
        PingInterval = interval;
    }

    /// <summary>How often to ping at least: half of systemd's timeout.</summary>
    public TimeSpan PingInterval { get; }

    /// <summary>The watchdog systemd asked for in <paramref name="environment"/>, or null when none is wanted.</summary>
    public static SystemdWatchdog? FromEnvironment(ISystemdNotifier notifier, Func<string, string?> environment, int processId)
    {
        if (!notifier.IsEnabled) return null;
        if (!long.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0) return null;
        // WATCHDOG_PID names the process meant; a child that inherited the variables must not ping for its parent.
        if (environment("WATCHDOG_PID") is { } pid && pid != processId.ToString(CultureInfo.InvariantCulture)) return null;
        return new SystemdWatchdog(notifier, TimeSpan.FromMicroseconds(usec / 2));
    }

    /// <summary>
    /// The loop turned: ping, unless the last ping is under half an interval old (a busy loop turns many times a
    /// second). The loop sleeps at most <see cref="PingInterval"/>, so pings stay at most 0.75 timeout apart.
    /// </summary>
    public void Pulse(long nowMilliseconds)
    {
        if (_lastPing != long.MinValue && nowMilliseconds - _lastPing < PingInterval.TotalMilliseconds / 2) return;
        _lastPing = nowMilliseconds;
        _notifier.Notify(Ping);
    }
}
