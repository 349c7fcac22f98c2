using System.CommandLine;
using System.Text.Json;
using Mpath.Core.Config;
using Mpath.Core.Config.Lint;
using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Printing;
using Mpath.Core.Config.Resolution;
using Mpath.Core.Config.Sections;
using Mpath.Linux.Discovery;
using Mpath.Linux.Scsi;

namespace Mpath.Cli.Commands;

/// <summary><c>mpath config check|show|explain</c>.</summary>
internal static class ConfigCommands
{
    public static Command Build() => Build(options => new SysfsPathDiscovery(HostFileSystem.Live, new SgIoTransport(), options));

    /// <param name="discovery">The paths of this host, for <c>config show --present</c>.</param>
    public static Command Build(Func<DiscoveryOptions, IPathDiscovery> discovery)
    {
        var config = new Command("config", "Check, show and explain multipath.conf settings (the main file, then config_dir/*.conf in name order).");
        config.Subcommands.Add(BuildCheck());
        config.Subcommands.Add(BuildShow(discovery));
        config.Subcommands.Add(BuildExplain());
        return config;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Write JSON instead of text." };

    private static Command BuildCheck()
    {
        var file = ConfigFileLoading.ConfigOption();
        var json = JsonOption();
        var check = new Command("check",
            "Validate the configuration and lint risky failback settings. Prints \"FILE:LINE: error|warning: text\" lines " +
            "(JSON: {\"valid\":bool,\"diagnostics\":[...]}). Exit 0 valid (warnings allowed), 1 errors.");
        check.Options.Add(file);
        check.Options.Add(json);
        check.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var (loaded, _) = ConfigFileLoading.Load(parse.GetValue(file));
            var diagnostics = loaded.Diagnostics.Concat(FailbackLint.Check(loaded.Config)).ToList();
            var valid = !diagnostics.Exists(d => d.IsError);
            if (parse.GetValue(json))
            {
                var report = new CheckReportJson(valid, diagnostics.Select(d => new DiagnosticJson(d.File, d.Line, d.SeverityName, d.Message)).ToList());
                output.WriteLine(JsonSerializer.Serialize(report, ConfigJsonContext.Default.CheckReportJson));
            }
            else
            {
                foreach (var diagnostic in diagnostics)
                {
                    output.WriteLine(diagnostic.ToString());
                }
                var errors = diagnostics.Count(d => d.IsError);
                parse.InvocationConfiguration.Error.WriteLine(
                    $"mpath: configuration {(valid ? "valid" : "invalid")}: {errors} error(s), {diagnostics.Count - errors} warning(s); files read: {string.Join(", ", loaded.FilesRead.DefaultIfEmpty("(none, built-in settings)"))}");
            }
            return valid ? ExitCodes.Ok : ExitCodes.Problem;
        });
        return check;
    }

    private static Command BuildShow(Func<DiscoveryOptions, IPathDiscovery> discovery)
    {
        var file = ConfigFileLoading.ConfigOption();
        var present = new Option<bool>("--present")
        {
            Description = "Only what applies to this host, as a template (multipath -T): the device entries matching a path " +
                "present and not blacklisted, and the multipaths entries of WWIDs present; defaults, blacklists and overrides in full.",
        };
        var show = new Command("show",
            "Print the complete merged configuration in multipath.conf syntax: defaults with every keyword, blacklist and exceptions " +
            "(built-in rules included), the built-in hardware table merged with your device entries, overrides and multipaths. " +
            "Settings with errors are left out; run 'mpath config check' for the messages.");
        show.Options.Add(file);
        show.Options.Add(present);
        show.SetAction(parse =>
        {
            var (loaded, missing) = ConfigFileLoading.Load(parse.GetValue(file));
            if (missing is not null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"mpath: cannot read configuration file {missing}");
                return ExitCodes.Problem;
            }
            var devices = parse.GetValue(present)
                ? PresentDevices.From(loaded.Config, discovery(new DiscoveryOptions { UidAttribute = GlobalSettings.UidAttribute(loaded.Config) })
                    .Discover().Paths.Select(p => p.Path))
                : null;
            parse.InvocationConfiguration.Output.Write(ConfigPrinter.Print(loaded.Config, devices));
            return ExitCodes.Ok;
        });
        return show;
    }

    private static Command BuildExplain()
    {
        var file = ConfigFileLoading.ConfigOption();
        var json = JsonOption();
        var vendor = new Option<string>("--vendor") { Description = "SCSI vendor of the path (INQUIRY).", Required = true, HelpName = "V" };
        var product = new Option<string>("--product") { Description = "SCSI product of the path (INQUIRY).", Required = true, HelpName = "P" };
        var revision = new Option<string?>("--revision") { Description = "Product revision (matched by device entries that name one).", HelpName = "R" };
        var wwid = new Option<string?>("--wwid") { Description = "WWID of the map, to apply its multipaths entry.", HelpName = "W" };
        var protocol = new Option<string?>("--protocol") { Description = "Path protocol for overrides/protocol subsections (default scsi:unspec).", HelpName = "PROTO" };
        var alua = new Option<bool>("--alua") { Description = "The path supports ALUA: applies detect_prio (prio alua) and detect_checker (checker tur)." };
        var explain = new Command("explain",
            "Resolve every attribute for one path and map and say where each value comes from: " +
            "multipaths|overrides|devices|hwtable|defaults|builtin. JSON: {\"attributes\":{\"KEYWORD\":{\"value\":..,\"source\":..}}}; " +
            "an unset attribute has an empty value.");
        foreach (var option in new Option[] { file, vendor, product, revision, wwid, protocol, alua, json })
        {
            explain.Options.Add(option);
        }
        explain.SetAction(parse =>
        {
            var (loaded, missing) = ConfigFileLoading.Load(parse.GetValue(file));
            if (missing is not null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"mpath: cannot read configuration file {missing}");
                return ExitCodes.Problem;
            }
            var path = new PathIdentity(parse.GetValue(vendor)!, parse.GetValue(product)!, parse.GetValue(revision) ?? "", parse.GetValue(protocol) ?? "scsi:unspec");
            var resolved = new AttributeResolver(loaded.Config).Resolve(path, parse.GetValue(wwid), parse.GetValue(alua));
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                var attributes = resolved.All.ToDictionary(kv => kv.Key, kv => new AttributeJson(kv.Value.Value, kv.Value.Source.Name()));
                output.WriteLine(JsonSerializer.Serialize(new ExplainReportJson(attributes), ConfigJsonContext.Default.ExplainReportJson));
                return ExitCodes.Ok;
            }
            var width = resolved.All.Keys.Max(k => k.Length);
            var valueWidth = Math.Min(40, resolved.All.Values.Max(v => v.Value.Length));
            output.WriteLine($"{"ATTRIBUTE".PadRight(width)}  {"VALUE".PadRight(valueWidth)}  SOURCE");
            foreach (var (name, value) in resolved.All)
            {
                var text = value.IsSet ? value.Value : "(unset)";
                output.WriteLine($"{name.PadRight(width)}  {text.PadRight(valueWidth)}  {value.Source.Name()}");
            }
            return ExitCodes.Ok;
        });
        return explain;
    }

}
