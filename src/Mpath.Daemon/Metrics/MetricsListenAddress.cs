using System.Globalization;
using System.Net;

namespace Mpath.Daemon.Metrics;

/// <summary>
/// Where the Prometheus endpoint listens, from <c>--metrics-listen ADDRESS:PORT</c> (IPv6 in brackets). The address
/// is required so that exposing metrics beyond the host is always a deliberate choice (0.0.0.0 or [::]).
/// </summary>
public sealed record MetricsListenAddress(IPAddress Address, int Port)
{
    public static MetricsListenAddress? TryParse(string text, out string? error)
    {
        error = null;
        if (!IPEndPoint.TryParse(text, out var endpoint) || !text.Contains(':', StringComparison.Ordinal) || text.EndsWith(']'))
        {
            error = $"'{text}' is not ADDRESS:PORT (e.g. 127.0.0.1:9464 or [::1]:9464)";
            return null;
        }
        if (endpoint.Port is < 1 or > 65535)
        {
            error = $"port {endpoint.Port} in '{text}' is out of range 1-65535";
            return null;
        }
        return new MetricsListenAddress(endpoint.Address, endpoint.Port);
    }

    /// <summary>The HttpListener prefix: a wildcard host for the any-address forms, else the literal address.</summary>
    public string UriPrefix
    {
        get
        {
            var port = Port.ToString(CultureInfo.InvariantCulture);
            if (Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any)) return $"http://+:{port}/";
            var host = Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();
            return $"http://{host}:{port}/";
        }
    }

    public override string ToString() => UriPrefix + "metrics";
}
