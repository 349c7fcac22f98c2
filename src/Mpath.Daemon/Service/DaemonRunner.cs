using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Mpath.Core.Config.Sections;
using Mpath.Linux.Native;

namespace Mpath.Daemon.Service;

/// <summary>
/// Runs the path manager on a slim Generic Host until SIGTERM/SIGINT or a <c>shutdown</c> command. The host reads no
/// appsettings, environment or command line of its own: everything comes from <see cref="DaemonOptions"/>. Under
/// systemd it uses systemd's lifetime (READY=1 once started, STOPPING=1, SIGTERM); logs go to stderr in the systemd
/// console format (syslog priority prefixes, one line per message) that journald reads, with a local
/// timestamp after the prefix when <see cref="DaemonOptions.LogTimestamps"/> is set. Maps are left in place on
/// exit, as multipathd leaves them.
/// </summary>
public sealed class DaemonRunner(DaemonOptions options, Func<ILogger, MultipathConfig?> loadConfig)
{
    public async Task<int> RunAsync(CancellationToken cancel)
    {
        // Before the host starts its threads (see DaemonMemory); reported once logging exists.
        var memoryProblem = DaemonMemory.Tune();
        // Probes (sysfs, SG_IO) run on pool threads and block in the kernel; with the runtime's default minimum of one
        // thread per CPU, a burst of them (the first checks of hundreds of paths, a uevent storm) can leave the control
        // socket's completions waiting while the pool grows a thread at a time. Threads cost little until used.
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), completions);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "mpathd" });
        builder.Logging.SetMinimumLevel(options.LogLevel)
            .AddSystemdConsole(o =>
            {
                o.IncludeScopes = false;
                // After the syslog priority prefix, so journald still reads the level.
                if (options.LogTimestamps) o.TimestampFormat = "MMM dd HH:mm:ss.fff | ";
            })
            // The host's own start-failure and lifetime lines repeat what the daemon already logged in its words.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSystemd();
        // Registered once (a second registration of the same instance would have the container dispose it twice).
        DaemonHostedService? service = null;
        builder.Services.AddHostedService(sp => service = new DaemonHostedService(options, loadConfig, sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetService<ISystemdNotifier>() ?? new SystemdNotifier()));
        var host = builder.Build();
        if (memoryProblem is not null)
        {
            host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("mpathd").LogWarning("memory tuning: {Problem}", memoryProblem);
        }
        try
        {
            await host.RunAsync(cancel).ConfigureAwait(false);
            return service?.ExitCode ?? 1;
        }
        catch (DaemonStartException)
        {
            return 1;
        }
        finally
        {
            // The daemon service disposes asynchronously (the control socket drains its clients).
            if (host is IAsyncDisposable async) await async.DisposeAsync().ConfigureAwait(false);
            else host.Dispose();
        }
    }
}
