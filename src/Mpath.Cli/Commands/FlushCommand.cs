using System.CommandLine;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Topology;

namespace Mpath.Cli.Commands;

/// <summary><c>mpath flush MAP | --all</c>: remove unused multipath maps, like <c>multipath -f/-F</c>.</summary>
internal static class FlushCommand
{
    public static Command Build() => Build(() => CliDeviceMapper.Open());

    public static Command Build(Func<IDeviceMapper> deviceMapper)
    {
        var all = new Option<bool>("--all") { Description = "Remove every unused multipath map." };
        var map = new Argument<string?>("MAP") { Description = "The map to remove.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("flush",
            "Remove multipath maps that nobody uses. A map that is open (mounted, held by a process, used by another device) " +
            "is never removed: it is reported and the exit code is 1.")
        {
            map, all,
        };
        command.Validators.Add(result =>
        {
            var hasMap = result.GetValue(map) is not null;
            if (hasMap == result.GetValue(all))
            {
                result.AddError("give either a MAP or --all");
            }
        });
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var dm = deviceMapper();
                IEnumerable<string> names;
                if (parse.GetValue(all))
                {
                    names = dm.List().Where(d => d.TargetType == MapTopologyReader.MultipathTarget).Select(d => d.Name).ToList();
                }
                else
                {
                    var name = parse.GetValue(map)!;
                    var table = dm.GetInfo(name) is null ? null : dm.GetTable(name);
                    if (table is null)
                    {
                        error.WriteLine($"mpath: {name}: no such map");
                        return ExitCodes.Problem;
                    }
                    if (table.Count == 0 || table[0].TargetType != MapTopologyReader.MultipathTarget)
                    {
                        error.WriteLine($"mpath: {name}: not a multipath map, not removed");
                        return ExitCodes.Problem;
                    }
                    names = [name];
                }
                var refused = 0;
                foreach (var name in names)
                {
                    try
                    {
                        dm.Remove(name);
                        output.WriteLine($"{name}: removed");
                    }
                    catch (DmMapInUseException ex)
                    {
                        error.WriteLine($"mpath: {name}: in use (open count {ex.OpenCount}), not removed");
                        refused++;
                    }
                    catch (DeviceMapperException ex)
                    {
                        error.WriteLine($"mpath: {ex.Message}");
                        refused++;
                    }
                }
                return refused == 0 ? ExitCodes.Ok : ExitCodes.Problem;
            }
            catch (Exception ex) when (ex is DeviceMapperException or DllNotFoundException)
            {
                error.WriteLine($"mpath: {ex.Message}");
                return ExitCodes.Problem;
            }
        });
        return command;
    }
}
