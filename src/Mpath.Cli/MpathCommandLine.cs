using System.CommandLine;
using Mpath.Cli.Commands;

namespace Mpath.Cli;

/// <summary>Builds the <c>mpath</c> command tree and maps parse failures to the documented exit codes.</summary>
public static class MpathCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "mpath: a Linux dm-multipath path manager, compatible with multipath.conf and the multipathd control socket.\n" +
            "Exit codes: 0 success, 1 a problem was found (invalid configuration, failed operation), 2 usage error.");
        root.Subcommands.Add(ConfigCommands.Build());
        root.Subcommands.Add(PlanCommand.Build());
        root.Subcommands.Add(DaemonCommand.Build());
        root.Subcommands.Add(DmCommands.Build());
        root.Subcommands.Add(DiscoverCommand.Build());
        root.Subcommands.Add(ListCommand.Build());
        root.Subcommands.Add(ApplyCommand.Build());
        root.Subcommands.Add(FlushCommand.Build());
        root.Subcommands.Add(CheckCommand.Build());
        root.Subcommands.Add(AluaCommand.Build());
        root.Subcommands.Add(IsPathCommand.Build());
        root.Subcommands.Add(WwidsCommand.Build());
        root.Subcommands.Add(SimCommand.Build());
        foreach (var client in ControlCommands.Build())
        {
            root.Subcommands.Add(client);
        }
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build();
        // No @response files: "@NAME" is how abstract socket names are written.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"mpath: {error.Message}");
            }
            stderr.WriteLine("Try 'mpath --help' for usage.");
            return ExitCodes.Usage;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
