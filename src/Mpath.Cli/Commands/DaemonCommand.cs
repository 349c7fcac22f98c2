using System.CommandLine;
using Microsoft.Extensions.Logging;
using Mpath.Core.Config.Sections;
using Mpath.Core.Planning;
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
        var noTimestamps = new Option<bool>("--no-timestamps", "-s")
        {
            Description = "Log lines without a timestamp (as multipathd's -s). By default lines carry the local time unless " +
                "stderr is the journal (systemd sets JOURNAL_STREAM), which stamps them itself.",
        };
        var socket = ControlSocketAddress.Option("Control socket to listen on (for labs running several instances)");
        var lockFile = new Option<string>("--lock-file")
        {
            Description = "File locked while the daemon runs, so only one instance manages the host (default /run/mpathd.pid).",
            DefaultValueFactory = _ => "/run/mpathd.pid",
            HelpName = "FILE",
        };
        var instance = new Option<string?>("--instance")
        {
            Description = "Lab/test feature: run as a named instance, one of several path managers in one kernel. Map names " +
                "become NAME-<map> and dm uuids NAME-mpath-<wwid>, so instances never touch each other's maps (nor does " +
                "multipath-tools). Give each instance its own --config (with a blacklist that leaves it only its paths), " +
                "--socket and --lock-file; the bindings file is shared (one WWID, one alias; the prefix keeps names apart).",
            HelpName = "NAME",
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
            "Run the path manager: discover paths, create or adopt maps (existing maps keep their names and are always adopted; " +
            "new maps follow find_multipaths, strict by default: only WWIDs in /etc/multipath/wwids, to which every map's WWID " +
            "is added), follow uevents " +
            "(paths added or removed join or leave their maps in batches; a map is removed only when its last path is gone " +
            "and nothing has it open or queues on it), check paths when due and re-read their priorities, fail/reinstate " +
            "paths and switch groups per the failback policy, and answer " +
            "multipathd's control-socket commands (the stock `multipathd` client works). SIGHUP re-reads the " +
            "configuration; SIGTERM stops the daemon and leaves the maps in place. Needs root.");
        command.Options.Add(config);
        command.Options.Add(foreground);
        command.Options.Add(verbosity);
        command.Options.Add(noTimestamps);
        command.Options.Add(socket);
        command.Options.Add(lockFile);
        command.Options.Add(instance);
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
            var mapNamespace = MapNamespace.Default;
            if (parse.GetValue(instance) is { } instanceName)
            {
                (mapNamespace, var error) = MapNamespace.ForInstance(instanceName);
                if (mapNamespace is null)
                {
                    Console.Error.WriteLine($"mpath daemon: --instance: {error}");
                    return ExitCodes.Usage;
                }
            }
            var options = new DaemonOptions
            {
                Namespace = mapNamespace,
                SocketName = ControlSocketAddress.ToEndpoint(name),
                LockFile = parse.GetValue(lockFile)!,
                Verbosity = parse.GetValue(verbosity),
                LockMemory = parse.GetValue(mlockall),
                LogTimestamps = !parse.GetValue(noTimestamps) && !JournalStream.IsStandardError(),
                MetricsListen = parse.GetValue(metricsListen) is { } listen ? MetricsListenAddress.TryParse(listen, out _) : null,
            };
            return await new DaemonRunner(options, Load).RunAsync(cancel).ConfigureAwait(false);
        });
        return command;
    }
}
