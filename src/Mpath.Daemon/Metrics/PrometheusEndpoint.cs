using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Mpath.Daemon.Metrics;

/// <summary>
/// Serves the <c>mpath</c> meter at <c>http://ADDRESS:PORT/metrics</c> in the Prometheus text format, through
/// OpenTelemetry's stand-alone HttpListener exporter (no ASP.NET Core; works under NativeAOT). Only the daemon's own
/// meter is exported.
/// </summary>
public sealed class PrometheusEndpoint : IDisposable
{
    private readonly MeterProvider _provider;

    private PrometheusEndpoint(MeterProvider provider) => _provider = provider;

    /// <summary>Starts listening; throws <see cref="InvalidOperationException"/> when the address cannot be bound (port taken, address not local).</summary>
    public static PrometheusEndpoint Start(MetricsListenAddress listen)
    {
        try
        {
            return new PrometheusEndpoint(Build(listen));
        }
        catch (Exception e) when (e is not InvalidOperationException)
        {
            throw new InvalidOperationException($"cannot listen on {listen}: {e.Message}", e);
        }
    }

    private static MeterProvider Build(MetricsListenAddress listen) =>
        Sdk.CreateMeterProviderBuilder()
            .AddMeter(DaemonMeters.MeterName)
            .AddPrometheusHttpListener(o =>
            {
                o.Port = listen.Port;
                o.ScrapeEndpointPath = "/metrics";
                // The instrument names already carry their Prometheus suffixes; export them exactly as written.
                o.TranslationStrategy = OpenTelemetry.Exporter.PrometheusHttpListenerTranslationStrategy.UnderscoreEscapingWithoutSuffixes;
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
                o.ConfigureHttpListener = (_, listener) =>
                {
                    listener.Prefixes.Clear();
                    listener.Prefixes.Add(listen.UriPrefix + "metrics/");
                };
            })
            .Build();

    public void Dispose() => _provider.Dispose();
}
