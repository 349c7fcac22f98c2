using Mpath.Cli.Commands;
using Mpath.Daemon.Control;

namespace Mpath.Cli.DropIn;

/// <summary>What a <c>multipath</c> command line asks for: an mpath command line, or one of the few things said here.</summary>
/// <param name="MpathArgs">The mpath command to run (empty for usage, version and errors).</param>
/// <param name="Quiet">-v 0: nothing on standard output.</param>
/// <param name="ReconfigureDaemon">-r: hand the reload to a running daemon first, as multipath does.</param>
internal sealed record MultipathInvocation(string[] MpathArgs, bool Quiet = false, bool ReconfigureDaemon = false, bool Usage = false, bool Version = false, string? Error = null);

/// <summary>
/// <c>multipath</c> as a name of the mpath binary: multipath-tools 0.14's options translated onto mpath's commands
/// (apply, list, flush, config show, is-path, wwids). Options mpath does not implement are refused by name.
/// </summary>
internal static class MultipathDropIn
{
    /// <summary>multipath's getopt letters, plus -V which mpath adds.</summary>
    private const string Spec = "adcChl::DeFfM:v:p:b:BrR:itTquUwWV";

    private static readonly Dictionary<char, string> Unsupported = new()
    {
        ['C'] = "-C (usable paths check)", ['U'] = "-U (usable paths check from udev)", ['D'] = "-D", ['e'] = "-e (foreign libraries)",
        ['M'] = "-M", ['p'] = "-p (forced path grouping policy)", ['b'] = "-b (bindings file location)",
        ['B'] = "-B (read-only bindings file)", ['R'] = "-R (flush retries)", ['q'] = "-q (allow queue_if_no_path without the daemon)",
    };

    private enum Mode { Create, DryRun, ListShort, ListLong, ValidPath, AddWwid, RemoveWwid, ResetWwids, DumpConfig }

    public static MultipathInvocation Translate(IReadOnlyList<string> args)
    {
        var scan = Getopt.Scan(args, Spec);
        if (scan.Error is not null) return new([], Error: scan.Error);
        var mode = Mode.Create;
        var udev = false;
        var ignoreWwids = false;
        var quiet = false;
        var verbosity = 2;
        var forceReload = false;
        char? flush = null;
        foreach (var option in scan.Options)
        {
            if (Unsupported.TryGetValue(option.Name, out var what)) return new([], Error: $"{what} is not supported by mpath");
            switch (option.Name)
            {
                case 'h': return new([], Usage: true);
                case 'V': return new([], Version: true);
                // -t prints the configuration at once, before any other option is looked at, as multipath does.
                case 't': return new(["config", "show"]);
                case 'v' when option.Argument is not { Length: > 0 } v || !char.IsAsciiDigit(v[0]):
                    return new([], Error: $"-v needs a verbosity level (a number), not '{option.Argument}'");
                case 'v':
                    verbosity = option.Argument![0] - '0';
                    quiet = verbosity == 0;
                    break;
                case 'd': if (mode == Mode.Create) mode = Mode.DryRun; break;
                case 'l': mode = option.Argument is ['l', ..] ? Mode.ListLong : Mode.ListShort; break;
                case 'c': mode = Mode.ValidPath; break;
                case 'u': mode = Mode.ValidPath; udev = true; break;
                case 'a': mode = Mode.AddWwid; break;
                case 'w': mode = Mode.RemoveWwid; break;
                case 'W': mode = Mode.ResetWwids; break;
                case 'T': mode = Mode.DumpConfig; break;
                case 'i': ignoreWwids = true; break;
                case 'r': forceReload = true; break;
                case 'f' or 'F': flush = option.Name; break;
            }
        }
        var device = scan.Operands.Count > 0 ? scan.Operands[0] : null;
        string[] Device() => device is null ? [] : [device];
        // -v1 (names) and -v3 (paths first) change what apply prints; -v0 silences any command; -v2 is apply's default.
        string[] ApplyVerbosity() => verbosity is 1 or >= 3 ? ["--verbosity", Math.Min(verbosity, 3).ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];

        if (mode == Mode.ValidPath)
        {
            if (device is null && !udev) return new([], Error: "the -c option requires a path to check");
            return new(["is-path", .. Device(), .. udev ? new[] { "--udev" } : [], .. ignoreWwids ? new[] { "--ignore-wwids" } : []], quiet);
        }
        if (mode == Mode.RemoveWwid && device is null) return new([], Error: "the -w option requires a device");
        if (mode == Mode.AddWwid && device is null) return new([], Error: "the -a option requires a device");
        if (mode == Mode.ResetWwids) return new(["wwids", "reset"], quiet);
        if (flush == 'f') return device is null ? new([], Error: "must provide a map name to remove") : new(["flush", device], quiet);
        if (flush == 'F') return new(["flush", "--all"], quiet);
        return mode switch
        {
            Mode.AddWwid => new(["wwids", "add", device!], quiet),
            Mode.RemoveWwid => new(["wwids", "remove", device!], quiet),
            // -T: the configuration narrowed to the devices present, a template for this host.
            Mode.DumpConfig => new(["config", "show", "--present"], quiet),
            Mode.ListShort => new(["list", "--no-check", .. Device()], quiet),
            Mode.ListLong => new(["list", .. Device()], quiet),
            Mode.DryRun => new(["apply", "--dry-run", .. ApplyVerbosity(), .. Device()], quiet),
            _ => new(["apply", .. ApplyVerbosity(), .. Device()], quiet, ReconfigureDaemon: forceReload),
        };
    }

    public static int Run(string program, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var invocation = Translate(args);
        if (invocation.Error is not null)
        {
            stderr.WriteLine($"{program}: {invocation.Error}");
            stderr.WriteLine($"Try '{program} -h' for usage.");
            return ExitCodes.Problem;
        }
        if (invocation.Usage)
        {
            stderr.Write(Usage(program));
            return ExitCodes.Ok;
        }
        if (invocation.Version)
        {
            stdout.WriteLine(VersionText.For("multipath"));
            return ExitCodes.Ok;
        }
        var output = invocation.Quiet ? TextWriter.Null : stdout;
        if (invocation.ReconfigureDaemon && TryReconfigureDaemon(program, output, stderr) is { } delegated)
        {
            return delegated;
        }
        var code = MpathCommandLine.Run(invocation.MpathArgs, output, stderr);
        // mpath's usage errors (2) are multipath's failures (1): multipath knows no other non-zero code.
        return code == ExitCodes.Usage ? ExitCodes.Problem : code;
    }

    /// <summary>
    /// multipath -r while a daemon runs asks the daemon to reconfigure instead of reloading behind its back; null when
    /// no daemon listens, and the one-shot apply runs instead.
    /// </summary>
    private static int? TryReconfigureDaemon(string program, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            probe.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(ControlSocketServer.DefaultAbstractName));
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
        var reply = new StringWriter();
        var code = new ControlRequest(ControlSocketServer.DefaultAbstractName, reply, stderr, program)
            .SendAsync("reconfigure", ReplyVerdict.MultipathdClient, CancellationToken.None).GetAwaiter().GetResult();
        if (reply.ToString() is { Length: > 0 } text && text != "ok\n") stdout.Write(text);
        return code;
    }

    private static string Usage(string program) =>
        VersionText.For("multipath") + "\n" +
        "Usage:\n" +
        $"  {program} [-v LEVEL] [-d] [-i] [-r] [DEVICE]   set up (create or reload) maps: mpath apply [--dry-run]\n" +
        $"  {program} [-v LEVEL] -f MAP | -F               remove an unused map | every unused map: mpath flush\n" +
        $"  {program} [-v LEVEL] -l | -ll [MAP]            show the maps (-l without path checks): mpath list\n" +
        $"  {program} [-v LEVEL] -a | -w DEVICE            add | remove the device's WWID in the wwids file: mpath wwids\n" +
        $"  {program} [-v LEVEL] -W                        reset the wwids file to the existing maps\n" +
        $"  {program} [-i] -c DEVICE | -u                  should the device be a multipath path? (udev): mpath is-path\n" +
        $"  {program} -t | -T                              print the configuration (-T: only what the devices present use): mpath config show [--present]\n" +
        $"  {program} -h | -V                              this text | version\n" +
        "  -v 0 prints nothing on standard output; with apply -v 1 prints the names of the maps set up, -v 2 (default) their\n" +
        "  topology, -v 3 also the paths discovered first; -r hands the reload to a running daemon (reconfigure).\n" +
        "  DEVICE: sdb, /dev/sdb, 8:16 or a WWID. Exit 0 on success (-c: is a path), 1 otherwise.\n" +
        "  Not supported by mpath: -B -b -C -D -e -M -p -q -R -U.\n";
}
