using System.CommandLine;
using Mpath.Core.Config.Blacklisting;
using Mpath.Core.Config.Sections;
using Mpath.Core.Topology.Naming;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;
using Mpath.Linux.Scsi;
using Mpath.Linux.StateFiles;

namespace Mpath.Cli.Commands;

/// <summary>
/// <c>mpath is-path DEV</c>: udev's question "is this device a multipath path?" (multipath -c / -u), answered per
/// Core's <see cref="PathClaim"/> from sysfs, the configuration, the wwids file and the maps that exist.
/// </summary>
internal static class IsPathCommand
{
    public const string UdevVariable = "DM_MULTIPATH_DEVICE_PATH";

    public static Command Build() => Build(
        options => new SysfsPathDiscovery(HostFileSystem.Live, new SgIoTransport(), options),
        () => CliDeviceMapper.Open(), HostFileSystem.Live, ApplyStateFiles.Default.Wwids, DaemonReachable);

    public static Command Build(Func<DiscoveryOptions, IPathDiscovery> discovery, Func<IDeviceMapper> deviceMapper, HostFileSystem host,
        string wwidsFile, Func<bool> daemonAvailable)
    {
        var config = ConfigFileLoading.ConfigOption();
        var dev = new Argument<string?>("DEV") { Description = "The block device (sdb, /dev/sdb, 8:16); with --udev, default $DEVNAME.", Arity = ArgumentArity.ZeroOrOne };
        var udev = new Option<bool>("--udev") { Description = "udev rule mode (multipath -u): the device may come from $DEVNAME, the answer is \"0\" when no daemon runs or is enabled, and the exit code is always 0 so udev imports the line." };
        var ignoreWwids = new Option<bool>("--ignore-wwids") { Description = "multipath -i: find_multipaths strict/on act like smart, off like greedy." };
        var why = new Option<bool>("--why") { Description = "Also print the reason on standard error." };
        var command = new Command("is-path",
            $"Say whether DEV should be a multipath path, as multipath -c does for udev rules: prints {UdevVariable}=\"1\" or \"0\"; " +
            "exit 0 for yes, 1 for no or when DEV is not a block device. A device in a map, in the wwids file, or whose WWID has a " +
            "map is a path; blacklisted devices, partitions and devices without a WWID are not; find_multipaths greedy takes every " +
            "other device, smart also a WWID two paths share.")
        {
            dev, config, udev, ignoreWwids, why,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var udevMode = parse.GetValue(udev);
            int Answer(PathClaimVerdict verdict, string reason)
            {
                stdout.WriteLine($"{UdevVariable}=\"{(verdict == PathClaimVerdict.Yes ? 1 : 0)}\"");
                if (parse.GetValue(why)) stderr.WriteLine($"mpath is-path: {reason}");
                return verdict == PathClaimVerdict.Yes || udevMode ? ExitCodes.Ok : ExitCodes.Problem;
            }

            var argument = parse.GetValue(dev) ?? (udevMode ? Environment.GetEnvironmentVariable("DEVNAME") : null);
            if (argument is null)
            {
                stderr.WriteLine(udevMode ? "mpath is-path: --udev without DEV needs $DEVNAME (run from a udev rule)" : "mpath is-path: give the device to check");
                return udevMode ? Answer(PathClaimVerdict.No, "no device") : ExitCodes.Usage;
            }
            var sysfs = new BlockDeviceSysfs(host);
            if (sysfs.KernelName(argument) is not { } name)
            {
                stderr.WriteLine($"mpath is-path: '{argument}' is not a block device");
                return udevMode ? Answer(PathClaimVerdict.No, "not a block device") : ExitCodes.Problem;
            }
            if (sysfs.MultipathHolder(name) is { } holder)
            {
                return Answer(PathClaimVerdict.Yes, $"{name} is in map {holder}");
            }
            // Answering yes while nothing will ever build the map would hide the device from the system for good.
            if (udevMode && !daemonAvailable())
            {
                return Answer(PathClaimVerdict.No, "no daemon is running and none is enabled in systemd");
            }

            var (loaded, missing) = ConfigFileLoading.Load(parse.GetValue(config));
            if (missing is not null)
            {
                stderr.WriteLine($"mpath is-path: configuration file {missing} not found");
                return udevMode ? Answer(PathClaimVerdict.No, "no configuration") : ExitCodes.Problem;
            }
            var conf = loaded.Config;
            var mode = GlobalSettings.FindMultipaths(conf);
            if (parse.GetValue(ignoreWwids)) mode = PathClaim.IgnoringWwidsFile(mode);
            try
            {
                var facts = new LocalPathFacts(discovery(new DiscoveryOptions { UidAttribute = GlobalSettings.UidAttribute(conf) }), deviceMapper());
                var path = facts.Path(name);
                var wwid = path?.Wwid ?? "";
                var blacklisted = Blacklist.Check(conf, name, wwid, path?.Vendor, path?.Product, null, path?.Protocol).Blacklisted;
                var claim = PathClaim.Decide(mode, new PathClaimFacts(
                    AlreadyMultipathed: false,
                    IsWholeDisk: sysfs.IsWholeDisk(name),
                    Wwid: wwid,
                    Blacklisted: blacklisted,
                    InWwidsFile: wwid.Length > 0 && WwidsFile.Parse(StateFile.ReadOptional(wwidsFile)).Contains(wwid),
                    MapExists: wwid.Length > 0 && facts.MapWwids().Values.Contains(wwid),
                    PathsWithSameWwid: wwid.Length == 0 ? 0 : facts.Paths.Count(p => p.Wwid == wwid)));
                return Answer(claim.Verdict, claim.Reason);
            }
            catch (Exception ex) when (ex is DeviceMapperException or DllNotFoundException)
            {
                stderr.WriteLine($"mpath is-path: {ex.Message}");
                return udevMode ? Answer(PathClaimVerdict.No, "device-mapper not usable") : ExitCodes.Problem;
            }
        });
        return command;
    }

    /// <summary>A daemon answers on the control socket, or systemd will start one (a unit enabled under any target).</summary>
    private static bool DaemonReachable()
    {
        try
        {
            ControlConnection().GetAwaiter().GetResult();
            return true;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            const string units = "/etc/systemd/system";
            return Directory.Exists(units) && Directory.EnumerateDirectories(units, "*.wants").Any(wants =>
                File.Exists(Path.Combine(wants, "mpathd.service")) || File.Exists(Path.Combine(wants, "multipathd.service")));
        }

        static async Task ControlConnection()
        {
            await using var c = await Daemon.Control.ControlConnection.ConnectAsync(Daemon.Control.ControlSocketServer.DefaultAbstractName, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
    }
}
