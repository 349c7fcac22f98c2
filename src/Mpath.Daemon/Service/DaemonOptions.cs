using Microsoft.Extensions.Logging;
using Mpath.Daemon.Metrics;

namespace Mpath.Daemon.Service;

/// <summary>How <c>mpath daemon</c> was started.</summary>
public sealed record DaemonOptions
{
    /// <summary>The control socket: a name starting with NUL is abstract (multipathd's default), else a path.</summary>
    public const string DefaultSocketName = Control.ControlSocketServer.DefaultAbstractName;

    public string SocketName { get; init; } = DefaultSocketName;

    /// <summary>One daemon per host: this file is locked exclusively while the daemon runs.</summary>
    public string LockFile { get; init; } = "/run/mpathd.pid";

    /// <summary>The dm names and uuids this daemon owns: the default, or a named instance (labs, tests).</summary>
    public Core.Planning.MapNamespace Namespace { get; init; } = Core.Planning.MapNamespace.Default;

    /// <summary>Concurrent path checks at most.</summary>
    public int CheckerThreads { get; init; } = 8;

    /// <summary>multipathd's -v: 0 critical only, 1 errors, 2 normal, 3 debug, 4-5 trace.</summary>
    public int Verbosity { get; init; } = 2;

    /// <summary>Lock the process in RAM at start (mlockall), as multipathd does.</summary>
    public bool LockMemory { get; init; }

    /// <summary>
    /// Prefix each log line with the local time (to the millisecond). Off under journald, which stamps lines itself;
    /// on when run by hand or from a script, where the log is a plain file.
    /// </summary>
    public bool LogTimestamps { get; init; }

    /// <summary>Where the Prometheus endpoint listens; null: no endpoint (metrics are opt-in).</summary>
    public MetricsListenAddress? MetricsListen { get; init; }

    public LogLevel LogLevel => Verbosity switch
    {
        <= 0 => LogLevel.Critical,
        1 => LogLevel.Error,
        2 => LogLevel.Information,
        3 => LogLevel.Debug,
        _ => LogLevel.Trace,
    };
}
