using System.CommandLine;

namespace Mpath.Cli.Commands;

/// <summary><c>mpath config check|show|explain</c>.</summary>
internal static class ConfigCommands
{
    public static Command Build()
    {
        var config = new Command("config", "Check, show and explain multipath.conf settings.");
        var check = new Command("check", "Validate a multipath.conf (and its config_dir). Exit 0 valid (warnings allowed), 1 errors.");
        var file = new Option<FileInfo?>("--config") { Description = "Configuration file (default /etc/multipath.conf)." };
        check.Options.Add(file);
        check.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine("ok");
            return ExitCodes.Ok;
        });
        config.Subcommands.Add(check);
        return config;
    }
}
