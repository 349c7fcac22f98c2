namespace Mpath.Daemon.Tests.Metrics;

/// <summary>
/// Tests that create the daemon's <c>mpath</c> meter run one at a time: the Prometheus endpoint exports every meter
/// of that name in the process, so a concurrent test's counts would show up in its scrape.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MeterCollection
{
    public const string Name = "mpath meter";
}
