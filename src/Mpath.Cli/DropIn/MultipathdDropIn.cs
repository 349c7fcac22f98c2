using Mpath.Cli.Commands;
using Mpath.Daemon.Control;

namespace Mpath.Cli.DropIn;

/// <summary>What a <c>multipathd</c> command line asks for.</summary>
internal enum MultipathdAction
{
    /// <summary>Run the daemon (<see cref="MultipathdInvocation.MpathArgs"/> are the <c>mpath daemon</c> arguments).</summary>
    Daemon,
    /// <summary>Send <see cref="MultipathdInvocation.Command"/> to the running daemon.</summary>
    Command,
    /// <summary>Read commands from standard input (<c>multipathd -k</c>).</summary>
    Interactive,
    Usage,
    Version,
    Error,
}

internal sealed record MultipathdInvocation(MultipathdAction Action, string[] MpathArgs, string Command = "", string Message = "");

/// <summary>
/// <c>multipathd</c> as a name of the mpath binary: the options of multipath-tools 0.14's multipathd translated onto
/// <c>mpath daemon</c> and the control-socket client. Not another implementation of either.
/// </summary>
internal static class MultipathdDropIn
{
    /// <summary>multipathd's getopt letters, plus -h and -V which mpath adds.</summary>
    private const string Spec = "dsv:k::BniwhV";

    public static MultipathdInvocation Translate(IReadOnlyList<string> args)
    {
        var scan = Getopt.Scan(args, Spec);
        if (scan.Error is not null) return new(MultipathdAction.Error, [], Message: scan.Error);
        var daemonArgs = new List<string> { "daemon" };
        string? notice = null;
        foreach (var option in scan.Options)
        {
            switch (option.Name)
            {
                case 'h':
                    return new(MultipathdAction.Usage, []);
                case 'V':
                    return new(MultipathdAction.Version, []);
                case 'v' when option.Argument is not { Length: > 0 } v || !char.IsAsciiDigit(v[0]):
                    return new(MultipathdAction.Error, [], Message: $"-v needs a verbosity level (a number), not '{option.Argument}'");
                case 'v':
                    daemonArgs.AddRange(["-v", new string(option.Argument!.TakeWhile(char.IsAsciiDigit).ToArray())]);
                    break;
                case 'B':
                    return new(MultipathdAction.Error, [], Message: "-B (read-only bindings file) is not supported by mpath");
                case 'n':
                    notice = "WARNING: ignoring deprecated option -n, use 'ignore_wwids = no' instead";
                    break;
                case 's':
                    daemonArgs.Add("--no-timestamps");
                    break;
                default:
                    // -d: mpath daemon always runs in the foreground; -w: mpath always waits for dm events per map.
                    break;
            }
        }
        var k = scan.Options.LastOrDefault(o => o.Name == 'k');
        if (k is not null || scan.Operands.Count > 0)
        {
            var command = k?.Argument ?? (scan.Operands.Count > 0 ? ControlCommands.JoinQuoted(scan.Operands) : null);
            return command is null
                ? new(MultipathdAction.Interactive, [], Message: notice ?? "")
                : new(MultipathdAction.Command, [], command, notice ?? "");
        }
        return new(MultipathdAction.Daemon, [.. daemonArgs], Message: notice ?? "");
    }

    public static int Run(string program, IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var invocation = Translate(args);
        if (invocation.Action != MultipathdAction.Error && invocation.Message.Length > 0) stderr.WriteLine(invocation.Message);
        var client = new ControlRequest(ControlSocketServer.DefaultAbstractName, stdout, stderr, program);
        switch (invocation.Action)
        {
            case MultipathdAction.Error:
                stderr.WriteLine($"{program}: {invocation.Message}");
                stderr.WriteLine($"Try '{program} -h' for usage.");
                return ExitCodes.Problem;
            case MultipathdAction.Usage:
                stdout.Write(Usage(program));
                return ExitCodes.Ok;
            case MultipathdAction.Version:
                stdout.WriteLine(VersionText.For("multipathd"));
                return ExitCodes.Ok;
            case MultipathdAction.Command:
                return client.SendAsync(invocation.Command, ReplyVerdict.MultipathdClient, CancellationToken.None).GetAwaiter().GetResult();
            case MultipathdAction.Interactive:
                return client.InteractiveAsync(Console.In, Console.IsInputRedirected ? null : "multipathd> ", CancellationToken.None).GetAwaiter().GetResult();
            default:
                return MpathCommandLine.Run([.. invocation.MpathArgs], stdout, stderr);
        }
    }

    private static string Usage(string program) =>
        VersionText.For("multipathd") + "\n" +
        "Usage:\n" +
        $"  {program} [-d] [-s] [-v LEVEL] [-w]    run the path manager (mpath daemon; always in the foreground)\n" +
        $"  {program} -k'COMMAND'                  send one command to the running daemon and print the reply\n" +
        $"  {program} COMMAND WORDS...             the same, the command given as words\n" +
        $"  {program} -k                           read commands from standard input (quit or exit ends)\n" +
        $"  {program} -V | -h                      version | this text\n" +
        "Exit code of a command: 1 when the daemon cannot be reached or replies \"fail\", else 0 (as multipathd's client).\n" +
        "Commands: multipathd's (show paths, show maps json, show topology, fail path DEV, switch map MAP group N, reconfigure, ...).\n";
}
