using System.CommandLine;
using System.Text;
using Mpath.Daemon.Control;

namespace Mpath.Cli.Commands;

/// <summary>
/// Clients of the running daemon's control socket: <c>mpath show ...</c>, <c>mpath fail|reinstate path DEV</c>,
/// <c>mpath switch map M group N</c>, <c>mpath reconfigure</c>, and the generic <c>mpath ctl 'CMD'</c>. Each builds
/// the multipathd command text, checks it against the command grammar before connecting (a typo is a usage error,
/// exit 2, even with no daemon), sends it and prints the reply. Exit 1 when the daemon answers fail/error or
/// cannot be reached.
/// </summary>
internal static class ControlCommands
{
    public static IEnumerable<Command> Build() => [BuildShow(), BuildPathVerb("fail"), BuildPathVerb("reinstate"), BuildSwitch(), BuildReconfigure(), BuildCtl()];

    private static Command BuildShow()
    {
        var socket = ControlSocketAddress.Option("The daemon's control socket");
        var json = new Option<bool>("--json") { Description = "The daemon's JSON form (show maps, show map MAP)." };
        var format = new Option<string?>("--format") { Description = "multipathd wildcards, e.g. \"%d %t %T\" (show paths|maps|map MAP; see 'mpath show wildcards').", HelpName = "FMT" };
        var raw = new Option<bool>("--raw") { Description = "With --format: no header, no column padding." };
        var what = new Argument<string[]>("WHAT")
        {
            Description = "paths | path DEV | maps | maps topology|status|stats | map MAP [topology] | topology | config [local] | " +
                          "status | daemon | blacklist | devices | wildcards",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("show", "Ask the running daemon (`multipathd show ...`): paths, maps, topology, configuration, status. " +
                                          "Prints the daemon's reply as it comes; the stock multipathd formats.")
        {
            what, json, format, raw, socket,
        };
        command.SetAction((parse, cancel) =>
        {
            var text = new StringBuilder("show ").Append(Join(parse.GetValue(what)!));
            if (parse.GetValue(raw)) text.Append(" raw");
            if (parse.GetValue(format) is { } f) text.Append(" format \"").Append(f).Append('"');
            if (parse.GetValue(json)) text.Append(" json");
            return SendAsync(parse, socket, text.ToString(), cancel);
        });
        return command;
    }

    private static Command BuildPathVerb(string verb)
    {
        var socket = ControlSocketAddress.Option("The daemon's control socket");
        var dev = new Argument<string>("DEV") { Description = "The path device (sdb or /dev/sdb)." };
        var path = new Command("path", verb == "fail"
            ? "Fail the path in the kernel now (the daemon's checker reinstates it when it next finds it healthy)."
            : "Reinstate the failed path in the kernel now.")
        {
            dev, socket,
        };
        path.SetAction((parse, cancel) => SendAsync(parse, socket, $"{verb} path {parse.GetValue(dev)}", cancel));
        return new Command(verb, verb == "fail" ? "Fail a path through the running daemon (`multipathd fail path`)." : "Reinstate a path through the running daemon (`multipathd reinstate path`).")
        {
            path,
        };
    }

    private static Command BuildSwitch()
    {
        var socket = ControlSocketAddress.Option("The daemon's control socket");
        var words = new Argument<string[]>("map MAP group N") { Arity = new ArgumentArity(4, 4), Description = "The map and the 1-based path group to switch to." };
        var command = new Command("switch", "Make the kernel use path group N of MAP next (`multipathd switch map MAP group N`).")
        {
            words, socket,
        };
        command.Validators.Add(result =>
        {
            var w = result.GetValue(words);
            if (w is not { Length: 4 } || w[0] != "map" || w[2] != "group" || !int.TryParse(w[3], out var n) || n < 1)
            {
                result.AddError("usage: mpath switch map MAP group N (N a path group number from 1)");
            }
        });
        command.SetAction((parse, cancel) => SendAsync(parse, socket, "switch " + Join(parse.GetValue(words)!), cancel));
        return command;
    }

    private static Command BuildReconfigure()
    {
        var socket = ControlSocketAddress.Option("The daemon's control socket");
        var all = new Option<bool>("--all") { Description = "`reconfigure all` (multipath-tools 0.14 reloads every map; mpath treats it as reconfigure)." };
        var command = new Command("reconfigure", "Make the running daemon re-read multipath.conf and apply the differences (`multipathd reconfigure`; as SIGHUP).")
        {
            all, socket,
        };
        command.SetAction((parse, cancel) => SendAsync(parse, socket, parse.GetValue(all) ? "reconfigure all" : "reconfigure", cancel));
        return command;
    }

    private static Command BuildCtl()
    {
        var socket = ControlSocketAddress.Option("The daemon's control socket");
        var words = new Argument<string[]>("COMMAND")
        {
            Description = "One multipathd command, as one quoted argument or as words (e.g. 'show paths format \"%d %T\"'). " +
                          "Without one, read commands from standard input, one per line, until quit or end of input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("ctl", "Send any multipathd control command to the running daemon and print the reply (like `multipathd -k`). " +
                                         "The daemon checks the command and answers unknown ones with the list of valid commands.")
        {
            words, socket,
        };
        command.SetAction((parse, cancel) =>
        {
            var given = parse.GetValue(words) ?? [];
            var client = Client(parse, socket);
            return given.Length == 0
                ? client.InteractiveAsync(Console.In, Console.IsInputRedirected ? null : "mpath> ", cancel)
                : client.SendAsync(JoinQuoted(given), ReplyVerdict.Strict, cancel);
        });
        return command;
    }

    private static ControlRequest Client(ParseResult parse, Option<string?> socket) => new(
        ControlSocketAddress.ToEndpoint(parse.GetValue(socket)), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, "mpath");

    private static Task<int> SendAsync(ParseResult parse, Option<string?> socket, string text, CancellationToken cancel)
    {
        var parsed = ControlCommandGrammar.Parse(text);
        if (!parsed.Ok)
        {
            parse.InvocationConfiguration.Error.WriteLine($"mpath: '{text}' is not a daemon command ({parsed.Error}); run 'mpath ctl help' against a running daemon for the list");
            return Task.FromResult(ExitCodes.Usage);
        }
        return Client(parse, socket).SendAsync(text, ReplyVerdict.Strict, cancel);
    }

    private static string Join(IEnumerable<string> words) => string.Join(' ', words);

    /// <summary>Words joined as multipathd joins its arguments: a word with a blank in it is put in double quotes.</summary>
    public static string JoinQuoted(IEnumerable<string> words) =>
        string.Join(' ', words.Select(w => w.Contains(' ', StringComparison.Ordinal) || w.Contains('\t', StringComparison.Ordinal) ? $"\"{w}\"" : w));
}
