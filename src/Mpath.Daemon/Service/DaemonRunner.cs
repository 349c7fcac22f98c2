using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Mpath.Core.Config.Sections;
using Mpath.Daemon.Control;
using Mpath.Daemon.State;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;
using Mpath.Linux.Scsi;
using Mpath.Linux.Uevents;

namespace Mpath.Daemon.Service;

/// <summary>
/// Runs the path manager and the control socket until SIGTERM/SIGINT or a <c>shutdown</c> command; SIGHUP
/// re-reads the configuration. Maps are left in place on exit, as multipathd leaves them.
/// </summary>
public sealed class DaemonRunner(DaemonOptions options, Func<MultipathConfig?> loadConfig, ILoggerFactory loggers)
{
    public async Task<int> RunAsync(CancellationToken cancel)
    {
        var logger = loggers.CreateLogger("mpathd");
        using var instanceLock = TryLock(options.LockFile, logger);
        if (instanceLock is null) return 1;
        if (loadConfig() is not { } config)
        {
            logger.LogCritical("configuration could not be loaded; not starting");
            return 1;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

        var publisher = new DaemonStatePublisher(new DaemonSnapshot([], [], DateTimeOffset.UtcNow));
        var transport = new SgIoTransport();
        using var checks = new LinuxPathCheckService(transport, options.CheckerThreads);
        // ALUA states by RTPG, as the alua prioritizer asks for them: sysfs access_state lags behind a transition that
        // another initiator requested, and priority refreshes exist to notice exactly those.
        using var manager = new PathManager(config, new SysfsPathDiscovery(HostFileSystem.Live, transport, new DiscoveryOptions { PreferRtpg = true }),
            new LibDeviceMapper(waitForUdev: false), checks, publisher, TimeProvider.System, loggers.CreateLogger("mpathd.paths"), stop.Cancel)
        {
            WatchDmEvents = true,
            Namespace = options.Namespace,
        };
        using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c =>
        {
            c.Cancel = true;
            if (loadConfig() is { } fresh) manager.Reconfigure(fresh);
            else logger.LogError("reconfigure: the configuration has errors; keeping the running one");
        });

        // Listening starts before discovery so that no device appearing meanwhile is missed (the kernel queues its events).
        using var uevents = OpenUevents(logger);
        logger.LogInformation("mpath daemon starting: discovering paths and setting up maps");
        try
        {
            manager.Start();
        }
        catch (Exception e) when (e is DeviceMapperException or DllNotFoundException or EntryPointNotFoundException)
        {
            logger.LogCritical("device-mapper is not usable: {Error}; not starting", e.Message);
            return 1;
        }
        var dispatcher = new ControlCommandDispatcher(publisher, new ReconfiguringExecutor(manager, loadConfig));
        await using var socket = new ControlSocketServer(options.SocketName, dispatcher.HandleAsync);
        socket.Start();
        // systemd Type=notify: ready once maps are set up and the socket answers; the status line shows in systemctl.
        var systemd = new SystemdNotifier();
        if (systemd.IsEnabled)
        {
            systemd.Notify(ServiceState.Ready);
            systemd.Notify(new ServiceState($"STATUS=running: {publisher.Current.Maps.Count} maps"));
        }
        logger.LogInformation("mpath daemon running: {Maps} maps, control socket {Socket}", publisher.Current.Maps.Count,
            options.SocketName.Replace("\0", "@", StringComparison.Ordinal));
        var pump = uevents is null ? Task.CompletedTask
            : new UeventPump(uevents, manager, TimeProvider.System, loggers.CreateLogger("mpathd.uevents")).RunAsync(stop.Token);
        try
        {
            await manager.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await stop.CancelAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        if (systemd.IsEnabled) systemd.Notify(ServiceState.Stopping);
        logger.LogInformation("mpath daemon stopping; maps stay in place");
        return 0;
    }

    /// <summary>The uevent socket, or null (logged) when the kernel refuses it: the daemon then sees devices at start and reconfigure only.</summary>
    private static NetlinkUeventListener? OpenUevents(ILogger logger)
    {
        var group = NetlinkUeventListener.PreferredGroup();
        try
        {
            var listener = NetlinkUeventListener.Open(group);
            logger.LogInformation("listening for {Group} uevents", group == UeventOrigin.Udev ? "udev" : "kernel (no udevd running)");
            return listener;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            logger.LogWarning("cannot listen for uevents: {Error}; devices are discovered at start and reconfigure only", e.Message);
            return null;
        }
    }

    private static FileStream? TryLock(string path, ILogger logger)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true)) writer.WriteLine(Environment.ProcessId);
            return stream;
        }
        catch (IOException e)
        {
            logger.LogCritical("another instance holds {Lock} ({Error}); not starting", path, e.Message);
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            logger.LogCritical("cannot lock {Lock}: {Error}", path, e.Message);
            return null;
        }
    }

    /// <summary><c>reconfigure</c> re-reads the files first; everything else goes straight to the path manager.</summary>
    private sealed class ReconfiguringExecutor(PathManager manager, Func<MultipathConfig?> loadConfig) : IControlCommandExecutor
    {
        public ValueTask<string> ExecuteAsync(ControlCommand command, CancellationToken cancel)
        {
            if (command.Shape is "reconfigure" or "reconfigure all")
            {
                if (loadConfig() is not { } fresh) return ValueTask.FromResult("fail\n");
                manager.Reconfigure(fresh);
                return ValueTask.FromResult("ok\n");
            }
            return manager.ExecuteAsync(command, cancel);
        }
    }
}
