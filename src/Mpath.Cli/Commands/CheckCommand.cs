using System.CommandLine;
using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Scsi;

namespace Mpath.Cli.Commands;

/// <summary><c>mpath check DEV</c>: run one path checker once on a device, as the daemon would.</summary>
internal static class CheckCommand
{
    public static Command Build() => Build(name => PathCheckers.Create(name, new SgIoTransport()));

    public static Command Build(Func<string, IPathChecker?> checkers)
    {
        var dev = new Argument<string>("DEV") { Description = "Path device: sda or /dev/sda." };
        var checkerName = new Option<string>("--checker") { Description = "tur, directio, readsector0, emc_clariion, rdac or hp_sw.", DefaultValueFactory = _ => "tur" };
        checkerName.AcceptOnlyFromAmong([.. PathCheckers.Names]);
        var timeout = new Option<int>("--timeout") { Description = "checker_timeout in seconds.", DefaultValueFactory = _ => 30 };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--timeout must be at least 1 second");
            }
        });
        var command = new Command("check", "Run a path checker once on a device and print its state (ready, ghost, faulty, ...). Exit 0 when the path is usable (up or ghost), 1 otherwise.")
        {
            dev, checkerName, timeout,
        };
        command.SetAction(async (parse, _) =>
        {
            var name = parse.GetValue(dev)!;
            var node = name.StartsWith('/') ? name : "/dev/" + name;
            var checker = checkers(parse.GetValue(checkerName)!)!;
            using var runner = new CheckerRunner(1);
            var result = await runner.CheckAsync(checker, node, TimeSpan.FromSeconds(parse.GetValue(timeout))).ConfigureAwait(false);
            parse.InvocationConfiguration.Output.WriteLine($"{Path.GetFileName(node)}: {result.State.ToCheckerStatusName()}: {result.Message}");
            return result.State.IsUsable() ? ExitCodes.Ok : ExitCodes.Problem;
        });
        return command;
    }
}
