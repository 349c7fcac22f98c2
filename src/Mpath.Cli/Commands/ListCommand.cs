using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;
using Mpath.Linux.Scsi;
using Mpath.Linux.Topology;

namespace Mpath.Cli.Commands;

/// <summary><c>mpath list [--json]</c>: the multipath maps that exist, like <c>multipath -ll</c>.</summary>
internal static class ListCommand
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(30);

    public static Command Build() => Build(check => new MapTopologyReader(CliDeviceMapper.Open(), HostFileSystem.Live, check ? TurCheck() : null));

    public static Command Build(Func<bool, MapTopologyReader> reader)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var noCheck = new Option<bool>("--no-check") { Description = "Do not run the tur checker on the paths (checker state shows as undef)." };
        var maps = new Argument<string[]>("MAP") { Description = "Only these maps (default: all multipath maps).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("list",
            "Show the multipath maps that exist, with their path groups and paths, like `multipath -ll`. " +
            "Read from the kernel's dm tables and status and from sysfs; path checker states come from a tur check; " +
            "group priorities are computed from the ALUA access_state of the paths (the configured prioritizer is not consulted yet).")
        {
            json, noCheck, maps,
        };
        command.SetAction(parse =>
        {
            try
            {
                var topologyReader = reader(!parse.GetValue(noCheck));
                var names = parse.GetValue(maps) ?? [];
                var topologies = names.Length == 0 ? topologyReader.ReadAll() : names.Select(topologyReader.Read).ToList();
                var output = parse.InvocationConfiguration.Output;
                if (parse.GetValue(json))
                {
                    output.WriteLine(JsonSerializer.Serialize(TopologyJson.From(topologies), TopologyJsonContext.Default.TopologyJson));
                }
                else
                {
                    foreach (var topology in topologies)
                    {
                        TopologyText.Write(output, topology);
                    }
                }
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is DeviceMapperException or FormatException or DllNotFoundException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"mpath: {ex.Message}");
                return ExitCodes.Problem;
            }
        });
        return command;
    }

    /// <summary>
    /// tur checks through a <see cref="CheckerRunner"/>, so a hung device costs at most checker_timeout
    /// and never blocks the listing for good. The runner lives as long as the process (one-shot CLI).
    /// </summary>
    private static Func<string, CheckerResult> TurCheck()
    {
        var checker = new TurChecker(new SgIoTransport());
        var runner = new CheckerRunner(4);
        return devNode => runner.CheckAsync(checker, devNode, CheckTimeout).GetAwaiter().GetResult();
    }
}

internal sealed record TopologyJson([property: JsonPropertyName("maps")] IReadOnlyList<MapJson> Maps)
{
    public static TopologyJson From(IEnumerable<MapTopology> maps) => new(maps.Select(m => new MapJson(
        m.Name, m.Uuid, m.Wwid, m.SysfsName, m.DevT, m.Vendor, m.Product, m.SizeSectors, TopologyText.Size(m.SizeSectors),
        m.Features, m.HardwareHandler, m.ReadOnly ? "ro" : "rw", m.QueueingIo,
        m.Groups.Select(g => new GroupJson(g.Number, g.Policy, g.Priority, TopologyText.GroupState(g.State),
            g.Paths.Select(p => new PathJson(p.Dev, p.DevT, p.Hbtl, TopologyText.PathState(p.DmState), TopologyText.CheckerName(p),
                p.Checker?.Message ?? "", p.DeviceState, p.FailCount, p.Priority)).ToList())).ToList())).ToList());
}

internal sealed record MapJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("wwid")] string Wwid,
    [property: JsonPropertyName("sysfs")] string Sysfs,
    [property: JsonPropertyName("dev_t")] string DevT,
    [property: JsonPropertyName("vend")] string Vendor,
    [property: JsonPropertyName("prod")] string Product,
    [property: JsonPropertyName("size_sectors")] long SizeSectors,
    [property: JsonPropertyName("size")] string Size,
    [property: JsonPropertyName("features")] string Features,
    [property: JsonPropertyName("hwhandler")] string HardwareHandler,
    [property: JsonPropertyName("write_prot")] string WriteProtect,
    [property: JsonPropertyName("queueing_io")] bool QueueingIo,
    [property: JsonPropertyName("path_groups")] IReadOnlyList<GroupJson> PathGroups);

internal sealed record GroupJson(
    [property: JsonPropertyName("group")] int Group,
    [property: JsonPropertyName("selector")] string Selector,
    [property: JsonPropertyName("pri")] int Priority,
    [property: JsonPropertyName("dm_st")] string DmState,
    [property: JsonPropertyName("paths")] IReadOnlyList<PathJson> Paths);

internal sealed record PathJson(
    [property: JsonPropertyName("dev")] string Dev,
    [property: JsonPropertyName("dev_t")] string DevT,
    [property: JsonPropertyName("hbtl")] string Hbtl,
    [property: JsonPropertyName("dm_st")] string DmState,
    [property: JsonPropertyName("chk_st")] string CheckerState,
    [property: JsonPropertyName("checker_msg")] string CheckerMessage,
    [property: JsonPropertyName("dev_st")] string DeviceState,
    [property: JsonPropertyName("fail_count")] int FailCount,
    [property: JsonPropertyName("pri")] int Priority);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(TopologyJson))]
internal sealed partial class TopologyJsonContext : JsonSerializerContext;
