using System.CommandLine;
using Mpath.Core.Topology.Naming;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;
using Mpath.Linux.Scsi;
using Mpath.Linux.StateFiles;

namespace Mpath.Cli.Commands;

/// <summary>
/// <c>mpath wwids add|remove|reset|show</c>: the wwids file that find_multipaths and udev consult (multipath -a, -w, -W).
/// Messages are multipath's, so scripts that read them keep working.
/// </summary>
internal static class WwidsCommand
{
    public static Command Build() => Build(
        () => new SysfsPathDiscovery(HostFileSystem.Live, new SgIoTransport(), new DiscoveryOptions()),
        () => CliDeviceMapper.Open(), HostFileSystem.Live);

    public static Command Build(Func<IPathDiscovery> discovery, Func<IDeviceMapper> deviceMapper, HostFileSystem host)
    {
        var file = new Option<string>("--file")
        {
            Description = $"The wwids file (default {ApplyStateFiles.Default.Wwids}).",
            DefaultValueFactory = _ => ApplyStateFiles.Default.Wwids,
            HelpName = "FILE",
            Recursive = true,
        };
        var command = new Command("wwids", "Keep the wwids file: the WWIDs that are multipath devices (consulted by find_multipaths and `mpath is-path`).")
        {
            file,
        };
        LocalPathFacts Facts() => new(discovery(), deviceMapper());

        command.Subcommands.Add(Edit("add", "Add the WWID of DEV (a path device, map name or WWID) to the file (multipath -a).", file, Facts, host,
            (wwids, wwid) => (wwids.Add(wwid), $"wwid '{wwid}' added")));
        command.Subcommands.Add(Edit("remove", "Remove the WWID of DEV from the file (multipath -w).", file, Facts, host,
            (wwids, wwid) => (wwids.Remove(wwid), wwids.Contains(wwid) ? $"wwid '{wwid}' removed" : $"wwid '{wwid}' not in wwids file")));

        var reset = new Command("reset", "Rewrite the file with exactly the WWIDs of the multipath maps that exist now (multipath -W).");
        reset.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                var wwids = Facts().MapWwids().Values.Order(StringComparer.Ordinal).Aggregate(WwidsFile.Empty, (w, wwid) => w.Add(wwid));
                return Save(parse, path, wwids, "successfully reset wwids");
            }
            catch (Exception ex) when (ex is DeviceMapperException or DllNotFoundException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"mpath wwids: {ex.Message}");
                return ExitCodes.Problem;
            }
        });
        command.Subcommands.Add(reset);

        var show = new Command("show", "Print the WWIDs in the file, one a line.");
        show.SetAction(parse =>
        {
            foreach (var wwid in WwidsFile.Parse(StateFile.ReadOptional(parse.GetValue(file)!)).Wwids)
                parse.InvocationConfiguration.Output.WriteLine(wwid);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(show);
        return command;
    }

    private static Command Edit(string name, string description, Option<string> file, Func<LocalPathFacts> facts, HostFileSystem host,
        Func<WwidsFile, string, (WwidsFile Edited, string Message)> edit)
    {
        var target = new Argument<string>("DEV") { Description = "A path device (sdb, /dev/sdb, 8:16), a multipath map name, or a WWID." };
        var command = new Command(name, description) { target };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file)!;
            try
            {
                if (Wwid(parse.GetValue(target)!, facts(), host, error) is not { } wwid) return ExitCodes.Problem;
                var wwids = WwidsFile.Parse(StateFile.ReadOptional(path));
                var (edited, message) = edit(wwids, wwid);
                return Save(parse, path, edited, message);
            }
            catch (Exception ex) when (ex is DeviceMapperException or DllNotFoundException)
            {
                error.WriteLine($"mpath wwids: {ex.Message}");
                return ExitCodes.Problem;
            }
        });
        return command;
    }

    /// <summary>A block device's WWID from discovery, a map's from its dm uuid; anything else is taken as a WWID.</summary>
    private static string? Wwid(string argument, LocalPathFacts facts, HostFileSystem host, TextWriter error)
    {
        if (new BlockDeviceSysfs(host).KernelName(argument) is { } dev)
        {
            var wwid = facts.Path(dev)?.Wwid ?? "";
            if (wwid.Length == 0) error.WriteLine($"mpath wwids: {dev}: no WWID (not a SCSI or NVMe path device)");
            return wwid.Length == 0 ? null : wwid;
        }
        if (MapWwid(facts, argument) is { } mapWwid) return mapWwid;
        if (argument.Length == 0 || argument.Contains('/', StringComparison.Ordinal) || argument.Length > BindingsFile.MaxWwidLength)
        {
            error.WriteLine($"mpath wwids: '{argument}' is neither a block device, a multipath map, nor a WWID");
            return null;
        }
        return argument;
    }

    /// <summary>The WWID of the multipath map so named; null when there is none or device-mapper cannot be asked (then the argument is a WWID).</summary>
    private static string? MapWwid(LocalPathFacts facts, string name)
    {
        try
        {
            return facts.MapWwids().GetValueOrDefault(name);
        }
        catch (Exception ex) when (ex is DeviceMapperException or DllNotFoundException)
        {
            return null;
        }
    }

    private static int Save(ParseResult parse, string path, WwidsFile wwids, string success)
    {
        try
        {
            StateFile.WriteAtomically(path, wwids.Format());
            parse.InvocationConfiguration.Output.WriteLine(success);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"mpath wwids: cannot write {path}: {ex.Message}");
            return ExitCodes.Problem;
        }
    }
}
