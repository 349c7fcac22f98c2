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
}
