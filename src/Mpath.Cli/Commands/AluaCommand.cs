using System.CommandLine;
using System.Globalization;
using Mpath.Core.Model;
using Mpath.Linux.Scsi;

namespace Mpath.Cli.Commands;

/// <summary>
/// <c>mpath alua DEV [--set TPG=STATE ...]</c>: show a device's ALUA target port groups (REPORT TARGET
/// PORT GROUPS) or request an explicit transition (SET TARGET PORT GROUPS), a low-level tool for
/// operators ("trespass") and the kernel tests.
/// </summary>
internal static class AluaCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Command Build() => Build(new SgIoTransport());

    public static Command Build(IScsiTransport transport)
    {
        var dev = new Argument<string>("DEV") { Description = "Path device: sda or /dev/sda." };
        var set = new Option<string[]>("--set")
        {
            Description = "Request states with SET TARGET PORT GROUPS, e.g. --set 1=sb --set 2=ao (ao, an, sb, un, o). The command goes down DEV's port.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("alua", "Show the ALUA target port groups a device reports (RTPG), or change them (STPG) with --set.") { dev, set };
        command.SetAction(parse =>
        {
            var name = parse.GetValue(dev)!;
            var device = new ScsiDevice(transport, name.StartsWith('/') ? name : "/dev/" + name, Timeout);
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var requests = new List<(int, AluaAccessState)>();
            foreach (var item in parse.GetValue(set) ?? [])
            {
                var parts = item.Split('=', 2);
                if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tpg) ||
                    !TargetPortGroups.TryParseState(parts[1], out var state))
                {
                    error.WriteLine($"mpath: --set {item}: expected TPG=STATE with STATE one of ao, an, sb, un, o");
                    return ExitCodes.Usage;
                }
                requests.Add((tpg, state));
            }
            try
            {
                if (requests.Count > 0)
                {
                    device.SetTargetPortGroups(requests);
                }
                var (ownGroup, ownPort) = VpdPages.PortIdentity(device.DeviceIdentification());
                foreach (var group in device.ReportTargetPortGroups())
                {
                    var own = group.Id == ownGroup || (ownGroup is null && ownPort is { } p && group.RelativePorts.Contains(p));
                    output.WriteLine(
                        $"tpg {group.Id} {TargetPortGroups.StateName(group.State)}{(group.Preferred ? " preferred" : "")}" +
                        $" ports {string.Join(',', group.RelativePorts)} ({group.StatusText}){(own ? " <- " + Path.GetFileName(device.DevicePath) : "")}");
                }
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is ScsiCommandException or ScsiTransportException)
            {
                error.WriteLine($"mpath: {ex.Message}");
                return ExitCodes.Problem;
            }
        });
        return command;
    }
}
