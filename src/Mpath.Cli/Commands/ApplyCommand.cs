using System.CommandLine;
using Mpath.Core.Config.Sections;
using Mpath.Core.Model;
using Mpath.Core.Planning;
using Mpath.Core.Topology.Naming;
using Mpath.Daemon.Service;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;
using Mpath.Linux.Scsi;
using Mpath.Linux.StateFiles;

namespace Mpath.Cli.Commands;

/// <summary>Where <c>mpath apply</c> keeps its state, as multipath-tools does.</summary>
internal sealed record ApplyStateFiles(string Bindings, string Wwids)
{
    public static ApplyStateFiles Default { get; } = new("/etc/multipath/bindings", "/etc/multipath/wwids");
}

/// <summary>
/// <c>mpath apply [--config FILE] [--dry-run] [--verbosity N] [DEV|WWID ...]</c>: the one-shot <c>multipath</c>. Discovers the
/// paths, plans the maps (Core's MapPlanner), decides per map create / reload / unchanged (Core's
/// MapReconciler) and carries that out. Never removes a map.
/// </summary>
internal static class ApplyCommand
{
    public static Command Build() => Build(
        options => new SysfsPathDiscovery(HostFileSystem.Live, new SgIoTransport(), options),
        () => CliDeviceMapper.Open(),
        ApplyStateFiles.Default);

    public static Command Build(Func<DiscoveryOptions, IPathDiscovery> discovery, Func<IDeviceMapper> deviceMapper, ApplyStateFiles files)
    {
        var config = ConfigFileLoading.ConfigOption();
        var dryRun = new Option<bool>("--dry-run", "-d") { Description = "Print what would be created or reloaded without touching device-mapper or the bindings file." };
        var verbosity = new Option<int>("--verbosity", "-v")
        {
            Description = "What to print, like multipath's -v: 0 nothing; 1 the names of the maps created or reloaded; 2 (default) a " +
                "create:/reload: line and the topology of each; 3 also, first, the paths discovered and why any path got no map.",
            DefaultValueFactory = _ => ApplyOutput.Topology,
            HelpName = "N",
        };
        var targets = new Argument<string[]>("DEV|WWID")
        {
            Description = "Only the maps of these path devices (sda, /dev/sda, 8:0) or WWIDs; find_multipaths is then not applied.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("apply",
            "Discover paths and create or reload multipath maps, like `multipath`: a map is created when no dm device has its " +
            "uuid (mpath-WWID), reloaded when its live table differs from the planned one, left alone otherwise. Nothing is " +
            "removed. Exit 0 when every map went well, 1 when any failed.")
        {
            config, dryRun, verbosity, targets,
        };
        command.SetAction(parse =>
        {
            var output = new ApplyOutput(parse.InvocationConfiguration.Output, parse.GetValue(verbosity));
            var run = new ApplyRun(output, parse.InvocationConfiguration.Error, files, parse.GetValue(dryRun));
            return run.Execute(parse.GetValue(config), parse.GetValue(targets) ?? [], discovery, deviceMapper);
        });
        return command;
    }

    private sealed class ApplyRun(ApplyOutput stdout, TextWriter stderr, ApplyStateFiles files, bool dryRun)
    {
        public int Execute(string? configFile, IReadOnlyList<string> targets, Func<DiscoveryOptions, IPathDiscovery> discovery, Func<IDeviceMapper> deviceMapper)
        {
            var (loaded, missing) = ConfigFileLoading.Load(configFile);
            if (missing is not null)
            {
                stderr.WriteLine($"mpath apply: configuration file {missing} not found");
                return ExitCodes.Problem;
            }
            foreach (var d in loaded.Diagnostics) stderr.WriteLine(d.ToString());
            var conf = loaded.Config;

            try
            {
                var dm = deviceMapper();
                var live = LiveMaps(dm);
                // ALUA states from the device (RTPG), as the alua prioritizer gets them: sysfs access_state
                // only catches up with a transition someone else requested when the kernel next sees a UA.
                var options = new DiscoveryOptions { UidAttribute = GlobalSettings.UidAttribute(conf), PreferRtpg = true };
                var found = discovery(options).Discover();
                var paths = found.Paths.Select(p => p.Describe()).ToList();
                var failed = false;
                var context = new PlanningContext
                {
                    ExistingMapWwid = name => live.TryGetValue(name, out var m) ? WwidOf(m) ?? "" : null,
                    MapExists = wwid => live.Values.Any(m => WwidOf(m) == wwid),
                };
                if (targets.Count > 0)
                {
                    var selection = NamedPathSelection.Select(paths, targets);
                    foreach (var name in selection.Unmatched)
                    {
                        stderr.WriteLine($"mpath apply: {name}: no such path device or WWID");
                        failed = true;
                    }
                    paths = selection.Paths.ToList();
                }
                else
                {
                    context = context with { FindMultipaths = GlobalSettings.FindMultipaths(conf), Wwids = WwidsFile.Parse(StateFile.ReadOptional(files.Wwids)) };
                }

                var bindings = BindingsFile.Parse(StateFile.ReadOptional(files.Bindings), ConfiguredAliasOwner(conf));
                var plan = MapPlanner.Plan(conf, paths, bindings, context);
                stdout.Discovered(found.Paths, plan);
                if (plan.BindingsChanged && !dryRun && !SaveBindings(plan.Bindings))
                    return ExitCodes.Problem;

                var byDev = found.Paths.ToDictionary(p => p.Path.Dev, StringComparer.Ordinal);
                var setUp = new List<string>();
                foreach (var change in MapReconciler.Reconcile(plan.Maps, live.Values.ToList()))
                {
                    if (Carry(dm, change, byDev)) setUp.Add(change.Map.Plan.Wwid);
                    else failed = true;
                }
                if (!dryRun) RememberWwids(setUp);
                return failed ? ExitCodes.Problem : ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is DeviceMapperException or DllNotFoundException)
            {
                stderr.WriteLine($"mpath apply: {ex.Message}");
                return ExitCodes.Problem;
            }
        }

        /// <summary>Creates or reloads one map and prints what multipath prints for it; false (reported) when dm refused.</summary>
        private bool Carry(IDeviceMapper dm, MapReconciliation change, IReadOnlyDictionary<string, DiscoveredPath> found)
        {
            if (change.Change == MapChange.Unchanged)
                return true;
            var plan = change.Map.Plan;
            var spec = new DmMapSpec(change.Name, change.Uuid, plan.SizeSectors, plan.TableParameters);
            var verb = change.Change == MapChange.Create ? "create" : "reload";
            try
            {
                if (!dryRun)
                {
                    if (change.Change == MapChange.Create) dm.Create(spec);
                    else dm.Reload(spec);
                }
                var info = dryRun && change.Change == MapChange.Create ? null : dm.GetInfo(change.Name);
                stdout.MapChanged(verb, change.Name, info is null ? "undef" : $"dm-{info.Minor}", change.Map, found);
                return true;
            }
            catch (DeviceMapperException ex)
            {
                stderr.WriteLine($"mpath apply: {ex.Message}");
                return false;
            }
        }

        /// <summary>
        /// Records the WWIDs of the maps now set up in the wwids file, as multipath does, so that find_multipaths
        /// (on, strict, smart) keeps multipathing them; a file that cannot be written is reported, not fatal.
        /// </summary>
        private void RememberWwids(IReadOnlyList<string> wwids)
        {
            try
            {
                new WwidsFileStore(files.Wwids).Remember(wwids.Where(w => w.Length > 0).ToList());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"mpath apply: cannot record the maps' WWIDs in {files.Wwids}: {ex.Message}");
            }
        }

        private bool SaveBindings(BindingsFile bindings)
        {
            try
            {
                StateFile.WriteAtomically(files.Bindings, bindings.Format());
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"mpath apply: cannot write {files.Bindings}: {ex.Message}; no map created");
                return false;
            }
        }
    }

    /// <summary>Every dm device with its uuid and live table, by name (one ioctl pair each, no fork).</summary>
    private static Dictionary<string, LiveMap> LiveMaps(IDeviceMapper dm)
    {
        var maps = new Dictionary<string, LiveMap>(StringComparer.Ordinal);
        foreach (var device in dm.List())
        {
            var info = dm.GetInfo(device.Name);
            if (info is null) continue;
            var table = device.TargetType.Length == 0 ? [] : dm.GetTable(device.Name);
            maps[device.Name] = new LiveMap(device.Name, info.Uuid, table.Select(t => new LiveTarget(t.Start, t.Length, t.TargetType, t.Parameters)).ToList());
        }
        return maps;
    }

    private static string? WwidOf(LiveMap map) => MapNamespace.Default.WwidOf(map.Uuid);

    private static Func<string, string?> ConfiguredAliasOwner(MultipathConfig config)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in config.Multipaths)
        {
            if (entry.Attributes["alias"] is { } alias) owners.TryAdd(alias.Value, entry.Wwid);
        }
        return alias => owners.GetValueOrDefault(alias);
    }
}
