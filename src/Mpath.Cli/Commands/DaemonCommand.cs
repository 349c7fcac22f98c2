using System.CommandLine;
using Microsoft.Extensions.Logging;
using Mpath.Core.Config.Sections;
using Mpath.Daemon.Metrics;
using Mpath.Daemon.Service;

namespace Mpath.Cli.Commands;

/// <summary><c>mpath daemon</c>: the path manager service.</summary>
internal static class DaemonCommand
{
    public static Command Build()
    {
        var config = ConfigFileLoading.ConfigOption();
        var foreground = new Option<bool>("--foreground", "-d")
        {
            Description = "Accepted for multipathd compatibility: mpath daemon always runs in the foreground (as systemd runs it).",
        };
        var verbosity = new Option<int>("--verbosity", "-v")
        {
            Description = "Log verbosity like multipathd's -v: 0 critical only, 1 errors, 2 normal (default), 3 debug, 4-5 trace.",
            DefaultValueFactory = _ => 2,
        };
        var socket = new Option<string?>("--socket")
        {
            Description = "Control socket: @NAME for an abstract socket, else a path (default @/org/kernel/linux/storage/multipathd). For labs running several instances.",
            HelpName = "NAME",
        };
        var lockFile = new Option<string>("--lock-file")
        {
            Description = "File locked while the daemon runs, so only one instance manages the host (default /run/mpathd.pid).",
            DefaultValueFactory = _ => "/run/mpathd.pid",
            HelpName = "FILE",
        };
        var mlockall = new Option<bool>("--mlockall")
        {
            Description = "Lock the daemon's memory in RAM (mlockall), as multipathd does, so it never waits for a page-in from " +
                "storage whose paths it is repairing. Needs CAP_IPC_LOCK (root has it). Costs resident memory: 130 MiB instead of 27 MiB measured in the test VM.",
        };
        var metricsListen = new Option<string?>("--metrics-listen")
        {
            Description = "Serve Prometheus metrics at http://ADDRESS:PORT/metrics (e.g. 127.0.0.1:9464; [::1]:9464; 0.0.0.0:9464 " +
                "for every address). Off by default. See docs/metrics.md.",
            HelpName = "ADDRESS:PORT",
        };
        metricsListen.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && MetricsListenAddress.TryParse(text, out var error) is null) r.AddError($"--metrics-listen: {error}");
        });
        var command = new Command("daemon",
            "Run the path manager: discover paths, create or adopt maps (existing maps keep their names; a map is never " +
            "removed), check paths when due, fail/reinstate paths and switch groups per the failback policy, and answer " +
            "multipathd's control-socket commands (the stock `multipathd` client works). SIGHUP re-reads the " +
            "configuration; SIGTERM stops the daemon and leaves the maps in place. Needs root.");
        command.Options.Add(config);
        command.Options.Add(foreground);
        command.Options.Add(verbosity);
        command.Options.Add(socket);
        command.Options.Add(lockFile);
        command.Options.Add(mlockall);
        command.Options.Add(metricsListen);
        command.SetAction(async (parse, cancel) =>
        {
            var configFile = parse.GetValue(config);
            MultipathConfig? Load(ILogger log)
            {
                var (loaded, missing) = ConfigFileLoading.Load(configFile);
                foreach (var d in loaded.Diagnostics)
                {
                    if (d.IsError) log.LogError("{Diagnostic}", d.ToString());
                    else log.LogWarning("{Diagnostic}", d.ToString());
                }
                return missing is null ? loaded.Config : null;
            }
            var name = parse.GetValue(socket);
            var options = new DaemonOptions
            {
                SocketName = name is null ? DaemonOptions.DefaultSocketName : name.StartsWith('@') ? "\0" + name[1..] : name,
                LockFile = parse.GetValue(lockFile)!,
                Verbosity = parse.GetValue(verbosity),
                LockMemory = parse.GetValue(mlockall),
                MetricsListen = parse.GetValue(metricsListen) is { } listen ? MetricsListenAddress.TryParse(listen, out _) : null,
            };
            return await new DaemonRunner(options, Load).RunAsync(cancel).ConfigureAwait(false);
        });
        return command;
    }
}
