using System.Net;
using System.Net.Sockets;
using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Daemon.Metrics;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Tests.Metrics;

[Collection(MeterCollection.Name)]
public sealed class PrometheusEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:9464", "http://127.0.0.1:9464/")]
    [InlineData("[::1]:9100", "http://[::1]:9100/")]
    [InlineData("0.0.0.0:9464", "http://+:9464/")]
    [InlineData("[::]:9464", "http://+:9464/")]
    public void Listen_addresses_become_listener_prefixes(string text, string prefix)
    {
        var parsed = MetricsListenAddress.TryParse(text, out var error);
        Assert.Null(error);
        Assert.Equal(prefix, parsed!.UriPrefix);
    }

    [Theory]
    [InlineData("9464")]
    [InlineData("localhost:9464")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("[::1]")]
    public void Bad_listen_addresses_are_refused_with_a_reason(string text)
    {
        Assert.Null(MetricsListenAddress.TryParse(text, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task The_endpoint_serves_the_daemon_metrics_under_their_prometheus_names()
    {
        var path = new PathSnapshot(new PathInfo("sda", "8:0", "0:0:0:1", "ACME", "ARRAY", "1", "w1")) { State = CheckerState.Up };
        var snapshot = new DaemonSnapshot([new MapSnapshot("mpatha", "w1", [new GroupSnapshot(1, "service-time 0", 1, PathGroupState.Active, [path])])], [], DateTimeOffset.UnixEpoch);
        using var meters = new DaemonMeters(() => snapshot);
        var listen = MetricsListenAddress.TryParse($"127.0.0.1:{FreePort()}", out _)!;
        using var endpoint = PrometheusEndpoint.Start(listen);
        meters.PathChecked("tur", CheckerState.Up, TimeSpan.FromMilliseconds(3));
        meters.EngineActionExecuted("mpatha", new EngineAction(ActionKind.SwitchGroup, ActionReason.FailbackFollowover, LogSeverity.Notice, Group: 1));

        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(listen.UriPrefix + "metrics"));

        Assert.Contains("mpath_path_checks_total{checker=\"tur\",result=\"up\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mpath_path_check_duration_seconds_bucket{checker=\"tur\",le=\"0.005\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mpath_group_switches_total{map=\"mpatha\",reason=\"failback_followover\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mpath_paths{state=\"up\"} 1", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^mpath_maps(\{\})? 1$", text);
        Assert.DoesNotContain("_total_total", text, StringComparison.Ordinal);
        Assert.DoesNotContain("_seconds_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_in_use_fails_the_start()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var listen = MetricsListenAddress.TryParse($"127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}", out _)!;
        // The daemon catches exactly this type to log the reason and exit 1 instead of crashing.
        Assert.Throws<InvalidOperationException>(() => PrometheusEndpoint.Start(listen).Dispose());
    }
}
