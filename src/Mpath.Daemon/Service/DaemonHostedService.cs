using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Mpath.Core.Config.Sections;
using Mpath.Daemon.Control;
using Mpath.Daemon.Metrics;
using Mpath.Daemon.State;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;
using Mpath.Linux.Native;
using Mpath.Linux.Scsi;
using Mpath.Linux.Uevents;

namespace Mpath.Daemon.Service;

/// <summary>
/// The path manager as a hosted service. <see cref="StartAsync"/> returns only when the maps are set up and the
/// control socket answers, so the host's "started" (and with it systemd's READY=1) means exactly that. SIGHUP
/// re-reads the configuration; SIGINT stops like SIGTERM (systemd's lifetime handles only SIGTERM); stopping leaves
/// the maps in place.
/// </summary>
internal sealed class DaemonHostedService(DaemonOptions options, Func<ILogger, MultipathConfig?> loadConfig, ILoggerFactory loggers,
    IHostApplicationLifetime lifetime, ISystemdNotifier systemd) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("mpathd");
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _owned = [];
    private PathManager? _manager;
    private DaemonStatePublisher? _publisher;
    private ControlSocketServer? _socket;
    private Task? _loop;
    private Task? _pump;
    private bool _disposed;

    /// <summary>The process exit code: 0 after a clean stop, 1 when the check loop died.</summary>
    public int ExitCode { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Status("starting");
        Own(InstanceLock.TryAcquire(options.LockFile, _logger) ?? throw new DaemonStartException());
        if (OomProtection.Apply() is { } oomError) _logger.LogWarning("OOM killer exemption: {Error}", oomError);
        if (options.LockMemory)
        {
            // multipathd goes on without the lock when the kernel refuses it; so does mpath, loudly.
            if (MemoryLock.LockAll() is { } error) _logger.LogWarning("--mlockall: {Error}; running unlocked", error);
            else _logger.LogInformation("process memory locked (mlockall)");
        }
        if (LoadConfig() is not { } config)
        {
            _logger.LogCritical("configuration could not be loaded; not starting");
            throw new DaemonStartException();
        }
        var (fileLimit, limitProblem) = OpenFileLimit.Raise(GlobalSettings.MaxFds(config));
        if (limitProblem is not null) _logger.LogWarning("max_fds: {Problem} (each path's device stays open for its checks)", limitProblem);
        else _logger.LogDebug("open file limit {Limit} (max_fds)", fileLimit);

        var publisher = _publisher = new DaemonStatePublisher(new DaemonSnapshot([], [], DateTimeOffset.UtcNow));
        var meters = Own(new DaemonMeters(() => publisher.Current));
        var transport = new SgIoTransport();
        // Checks keep each path's device node open (as multipathd does); discovery opens the node per probe.
        var checks = Own(new LinuxPathCheckService(Own(new HeldDeviceTransport()), options.CheckerThreads));
        var watchdog = SystemdWatchdog.FromEnvironment(systemd, Environment.GetEnvironmentVariable, Environment.ProcessId);
        // ALUA states by RTPG, as the alua prioritizer asks for them: sysfs access_state lags behind a transition that
        // another initiator requested, and priority refreshes exist to notice exactly those. The daemon does not wait
        // for udev after each map operation (multipathd does not either: udev runs blkid/kpartx on every new map).
        var dmEvents = DmEventPoll.TryOpen(out var noPoll);
        if (dmEvents is null) _logger.LogDebug("dm events: no poll ({Reason}); one waiting thread per map", noPoll);
        _manager = Own(new PathManager(config, new SysfsPathDiscovery(HostFileSystem.Live, transport, new DiscoveryOptions { PreferRtpg = true }),
            new LibDeviceMapper(waitForUdev: false), new MeasuredPathCheckService(checks, meters, TimeProvider.System), publisher, TimeProvider.System,
            loggers.CreateLogger("mpathd.paths"), lifetime.StopApplication, meters)
        {
            WatchDmEvents = true,
            DmEventSignal = dmEvents,
            Namespace = options.Namespace,
            Wwids = new WwidsFileStore(WwidsFileStore.DefaultPath),
            MaxIdle = watchdog?.PingInterval ?? TimeSpan.FromHours(1),
            LoopAlive = watchdog is null ? null : () => watchdog.Pulse(Environment.TickCount64),
        });

        // Listening starts before discovery so that no device appearing meanwhile is missed (the kernel queues its events).
        var uevents = OpenUevents();
        if (uevents is not null) Own(uevents);
        _logger.LogInformation("mpath daemon starting: discovering paths and setting up maps ({Milliseconds} ms after the process started)",
            ProcessAgeMilliseconds());
        try
        {
            _manager.Start();
        }
        catch (Exception e) when (e is DeviceMapperException or DllNotFoundException or EntryPointNotFoundException)
        {
            _logger.LogCritical("device-mapper is not usable: {Error}; not starting", e.Message);
            throw new DaemonStartException();
        }
        if (options.MetricsListen is { } listen)
        {
            try
            {
                Own(PrometheusEndpoint.Start(listen));
            }
            catch (InvalidOperationException e)
            {
                _logger.LogCritical("metrics endpoint {Endpoint}: {Error}; not starting", listen, e.InnerException?.Message ?? e.Message);
                throw new DaemonStartException();
            }
            _logger.LogInformation("metrics at {Endpoint}", listen);
        }
        var dispatcher = new ControlCommandDispatcher(publisher, new ReconfiguringExecutor(this, _manager));
        var controlLog = loggers.CreateLogger("mpathd.control");
        async ValueTask<string> HandleAsync(string command, PeerCredentials peer, CancellationToken cancel)
        {
            var started = TimeProvider.System.GetTimestamp();
            var reply = await dispatcher.HandleAsync(command, peer, cancel).ConfigureAwait(false);
            // -v 3: what a command cost inside the daemon, to tell it from a slow client or a busy machine.
            controlLog.LogDebug("'{Command}' from pid {Pid}: answered in {Milliseconds:F1} ms, {Bytes} bytes", command.TrimEnd('\0'), peer.Pid,
                TimeProvider.System.GetElapsedTime(started).TotalMilliseconds, reply.Length);
            return reply;
        }
        try
        {
            _socket = SocketActivation.PassedDescriptor(Environment.GetEnvironmentVariable, Environment.ProcessId) is { } passed
                ? new ControlSocketServer(SocketActivation.Adopt(passed), options.SocketName, HandleAsync)
                : new ControlSocketServer(options.SocketName, HandleAsync);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // Typically multipathd (or another mpath with another lock file) already serves the socket.
            _logger.LogCritical("control socket {Socket}: {Error} (is multipathd running?); not starting",
                SocketDisplayName, e.Message);
            throw new DaemonStartException();
        }
        _socket.Start();
        Own(PosixSignalRegistration.Create(PosixSignal.SIGHUP, c =>
        {
            c.Cancel = true;
            Reconfigure();
        }));
        Own(PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            lifetime.StopApplication();
        }));
        // On the pool: the first check pass starts at once and must not hold up the rest of the start.
        _loop = Task.Run(() => RunLoopAsync(_stop.Token), CancellationToken.None);
        _pump = uevents is null ? Task.CompletedTask
            : new UeventPump(uevents, _manager, TimeProvider.System, loggers.CreateLogger("mpathd.uevents")).RunAsync(_stop.Token);
        var maps = publisher.Current.Maps.Count;
        Status($"running: {maps} maps");
        _logger.LogInformation("mpath daemon running: {Maps} maps, control socket {Socket} ({Milliseconds} ms after the process started)", maps,
            SocketDisplayName, ProcessAgeMilliseconds());
        return Task.CompletedTask;
    }

    /// <summary>How long the process has run (its start time from /proc): where a slow start goes, in the log.</summary>
    private static long ProcessAgeMilliseconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return (long)(DateTime.Now - self.StartTime).TotalMilliseconds;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Status("stopping");
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        if (_pump is not null) await _pump.ConfigureAwait(false);
        _logger.LogInformation("mpath daemon stopping; maps stay in place");
    }

    private async Task RunLoopAsync(CancellationToken cancel)
    {
        try
        {
            await _manager!.RunAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The loop must never die silently: log, stop, and let systemd (Restart=) bring a fresh daemon up.
            _logger.LogCritical(e, "the path check loop failed; stopping");
            ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    /// <summary>The uevent socket, or null (logged) when the kernel refuses it: the daemon then sees devices at start and reconfigure only.</summary>
    private NetlinkUeventListener? OpenUevents()
    {
        var group = NetlinkUeventListener.PreferredGroup();
        try
        {
            var listener = NetlinkUeventListener.Open(group);
            _logger.LogInformation("listening for {Group} uevents", group == UeventOrigin.Udev ? "udev" : "kernel (no udevd running)");
            return listener;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            _logger.LogWarning("cannot listen for uevents: {Error}; devices are discovered at start and reconfigure only", e.Message);
            return null;
        }
    }

    /// <summary>SIGHUP and the <c>reconfigure</c> command: re-read the files; a broken configuration keeps the running one.</summary>
    private bool Reconfigure()
    {
        var fresh = LoadConfig();
        if (fresh is null)
        {
            _logger.LogError("reconfigure: the configuration has errors; keeping the running one");
            return false;
        }
        // The files are read and valid: answer now and apply in the background, as multipathd does. Re-discovery talks
        // to every device and can take longer than the stock client waits for a reply (a few seconds) while paths flap.
        // Reconfigures are serialized by the path manager's gate.
        Status("reconfiguring");
        _ = Task.Run(() =>
        {
            try
            {
                _manager!.Reconfigure(fresh);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "reconfigure failed; the maps keep their previous state");
            }
            finally
            {
                Status($"running: {_publisher!.Current.Maps.Count} maps");
            }
        });
        return true;
    }

    /// <summary>The socket name as operators write it (@NAME for an abstract socket).</summary>
    private string SocketDisplayName => options.SocketName.Replace("\0", "@", StringComparison.Ordinal);

    private MultipathConfig? LoadConfig() => loadConfig(loggers.CreateLogger("mpathd.config"));

    /// <summary>The STATUS= line <c>systemctl status</c> shows.</summary>
    private void Status(string text)
    {
        if (systemd.IsEnabled) systemd.Notify(new ServiceState("STATUS=" + text));
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_socket is not null) await _socket.DisposeAsync().ConfigureAwait(false);
        for (var i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _stop.Dispose();
    }

    /// <summary><c>reconfigure</c> re-reads the files first; everything else goes straight to the path manager.</summary>
    private sealed class ReconfiguringExecutor(DaemonHostedService service, PathManager manager) : IControlCommandExecutor
    {
        public ValueTask<string> ExecuteAsync(ControlCommand command, CancellationToken cancel)
        {
            if (command.Shape is "reconfigure" or "reconfigure all") return ValueTask.FromResult(service.Reconfigure() ? "ok\n" : "fail\n");
            return manager.ExecuteAsync(command, cancel);
        }
    }
}

/// <summary>The daemon cannot start; the reason is already logged.</summary>
internal sealed class DaemonStartException : Exception
{
    public DaemonStartException()
        : base("the daemon could not start; see the log")
    {
    }
}
