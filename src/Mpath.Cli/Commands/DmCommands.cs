using System.CommandLine;
using Mpath.Linux.DeviceMapper;

namespace Mpath.Cli.Commands;

/// <summary>
/// <c>mpath dm ...</c>: low-level device-mapper operations through mpath's own adapter, for operators
/// and the kernel test tier (like dmsetup, restricted to what multipath maps need).
/// </summary>
internal static class DmCommands
{
    public static Command Build() => Build(() => CliDeviceMapper.Open());

    public static Command Build(Func<IDeviceMapper> deviceMapper)
    {
        var dm = new Command("dm", "Low-level device-mapper tool (no configuration involved): create, reload, message, remove maps and read their tables.");
        var name = new Argument<string>("MAP") { Description = "Map name (as in /dev/mapper)." };

        var list = new Command("list", "List device-mapper devices: name, major:minor, target type.");
        list.SetAction(parse => Run(parse, dmapi =>
        {
            foreach (var d in dmapi.List())
            {
                parse.InvocationConfiguration.Output.WriteLine($"{d.Name}\t{d.DevT}\t{(d.TargetType.Length > 0 ? d.TargetType : "-")}");
            }
        }));
        dm.Subcommands.Add(list);

        var uuid = new Argument<string>("UUID") { Description = "Map uuid, e.g. mpath-<wwid> (\"\" for none)." };
        var sectors = new Argument<long>("SECTORS") { Description = "Size in 512-byte sectors." };
        var table = new Argument<string>("TABLE") { Description = "Target parameters, e.g. '0 0 1 1 round-robin 0 2 1 8:0 1 8:16 1'." };
        var targetType = new Option<string>("--target") { Description = "Target type.", DefaultValueFactory = _ => "multipath" };
        var create = new Command("create", "Create and activate a map with one target covering SECTORS.") { name, uuid, sectors, table, targetType };
        create.SetAction(parse => Run(parse, dmapi =>
            dmapi.Create(new DmMapSpec(parse.GetValue(name)!, parse.GetValue(uuid)!, parse.GetValue(sectors), parse.GetValue(table)!, parse.GetValue(targetType)!))));
        dm.Subcommands.Add(create);

        var reload = new Command("reload", "Load a new table into a map and resume it (queued I/O is not flushed).") { name, sectors, table, targetType };
        reload.SetAction(parse => Run(parse, dmapi =>
            dmapi.Reload(new DmMapSpec(parse.GetValue(name)!, "", parse.GetValue(sectors), parse.GetValue(table)!, parse.GetValue(targetType)!))));
        dm.Subcommands.Add(reload);

        var deferred = new Option<bool>("--deferred") { Description = "If the map is open, have the kernel remove it when its last user closes it." };
        var remove = new Command("remove", "Remove a map; refused (exit 1) while the map is open.") { name, deferred };
        remove.SetAction(parse => Run(parse, dmapi =>
            dmapi.Remove(parse.GetValue(name)!, parse.GetValue(deferred) ? DmRemoveMode.DeferIfOpen : DmRemoveMode.RefuseIfOpen)));
        dm.Subcommands.Add(remove);

        var text = new Argument<string[]>("MESSAGE") { Description = "fail_path DEV | reinstate_path DEV | switch_group N | disable_group N | enable_group N | queue_if_no_path | fail_if_no_path", Arity = ArgumentArity.OneOrMore };
        var message = new Command("message", "Send a target message to a map (sector 0).") { name, text };
        message.SetAction(parse => Run(parse, dmapi =>
        {
            var response = dmapi.Message(parse.GetValue(name)!, string.Join(' ', parse.GetValue(text)!));
            if (response.Length > 0)
            {
                parse.InvocationConfiguration.Output.WriteLine(response);
            }
        }));
        dm.Subcommands.Add(message);

        dm.Subcommands.Add(TargetsCommand("table", "Print the live table, one line per target.", name, (d, n) => d.GetTable(n)));
        dm.Subcommands.Add(TargetsCommand("status", "Print the status of the live table, one line per target.", name, (d, n) => d.GetStatus(n)));

        var info = new Command("info", "Print name, uuid, dev_t, open count, event number and state of a map.") { name };
        info.SetAction(parse => Run(parse, dmapi =>
        {
            var n = parse.GetValue(name)!;
            var i = dmapi.GetInfo(n) ?? throw new DeviceMapperException(n, "info", 6, "no such map");
            parse.InvocationConfiguration.Output.WriteLine(
                $"name={i.Name} uuid={i.Uuid} dev={i.DevT} open={i.OpenCount} event={i.EventNumber} " +
                $"state={(i.Suspended ? "suspended" : "active")} live_table={(i.LiveTable ? 1 : 0)} inactive_table={(i.InactiveTable ? 1 : 0)}");
        }));
        dm.Subcommands.Add(info);

        var noflush = new Option<bool>("--noflush") { Description = "Do not flush queued I/O before suspending." };
        var suspend = new Command("suspend", "Suspend a map.") { name, noflush };
        suspend.SetAction(parse => Run(parse, dmapi => dmapi.Suspend(parse.GetValue(name)!, !parse.GetValue(noflush))));
        dm.Subcommands.Add(suspend);
        var resume = new Command("resume", "Resume a suspended map.") { name };
        resume.SetAction(parse => Run(parse, dmapi => dmapi.Resume(parse.GetValue(name)!)));
        dm.Subcommands.Add(resume);

        var eventNumber = new Argument<uint>("EVENT_NR") { Description = "Wait until the map's event counter is past this value." };
        var wait = new Command("wait", "Wait for a dm event on a map and print the new event number.") { name, eventNumber };
        wait.SetAction(parse => Run(parse, dmapi =>
            parse.InvocationConfiguration.Output.WriteLine(dmapi.WaitForEvent(parse.GetValue(name)!, parse.GetValue(eventNumber)))));
        dm.Subcommands.Add(wait);
        return dm;

        Command TargetsCommand(string verb, string description, Argument<string> mapName, Func<IDeviceMapper, string, IReadOnlyList<DmTarget>> read)
        {
            var command = new Command(verb, description) { mapName };
            command.SetAction(parse => Run(parse, dmapi =>
            {
                foreach (var target in read(dmapi, parse.GetValue(mapName)!))
                {
                    parse.InvocationConfiguration.Output.WriteLine(target.ToString());
                }
            }));
            return command;
        }

        int Run(ParseResult parse, Action<IDeviceMapper> action)
        {
            try
            {
                action(deviceMapper());
                return ExitCodes.Ok;
            }
            catch (DeviceMapperException ex)
            {
                parse.InvocationConfiguration.Error.WriteLine($"mpath: {ex.Message}");
                return ExitCodes.Problem;
            }
            catch (DllNotFoundException ex)
            {
                parse.InvocationConfiguration.Error.WriteLine($"mpath: libdevmapper is not available: {ex.Message}");
                return ExitCodes.Problem;
            }
        }
    }
}
