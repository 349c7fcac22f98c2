using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mpath.Linux.Discovery;
using Mpath.Linux.Scsi;

namespace Mpath.Cli.Commands;

/// <summary><c>mpath discover [--json]</c>: the paths this host sees, before any blacklisting.</summary>
internal static class DiscoverCommand
{
    public static Command Build() => Build(options => new SysfsPathDiscovery(HostFileSystem.Live, new SgIoTransport(), options));

    public static Command Build(Func<DiscoveryOptions, IPathDiscovery> discovery)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (the path fields of `mpath plan --topology`)." };
        var uid = new Option<string>("--uid-attribute") { Description = "udev property holding the WWID.", DefaultValueFactory = _ => "ID_SERIAL" };
        var rtpg = new Option<bool>("--rtpg") { Description = "Ask each device for its ALUA state (REPORT TARGET PORT GROUPS) instead of trusting sysfs access_state." };
        var command = new Command("discover",
            "List the SCSI and NVMe paths this host sees: device, dev_t, H:B:T:L, vendor/product, WWID, device state and ALUA state. " +
            "The blacklist is NOT applied yet: every sd device is listed.")
        {
            json, uid, rtpg,
        };
        command.SetAction(parse =>
        {
            var options = new DiscoveryOptions { UidAttribute = parse.GetValue(uid)!, PreferRtpg = parse.GetValue(rtpg) };
            var result = discovery(options).Discover();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(DiscoveryJson.From(result), DiscoveryJsonContext.Default.DiscoveryJson));
            }
            else
            {
                WriteTable(output, result);
            }
            foreach (var path in result.Paths)
            {
                foreach (var warning in path.Warnings)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"mpath: {path.Path.Dev}: {warning}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteTable(TextWriter output, DiscoveryResult result)
    {
        var rows = new List<string[]> { new[] { "dev", "dev_t", "hbtl", "vendor,product", "rev", "wwid", "dev_st", "protocol", "alua" } };
        foreach (var p in result.Paths)
        {
            var i = p.Path;
            rows.Add([i.Dev, i.DevT, i.Hbtl, $"{i.Vendor},{i.Product}", i.Revision, i.Wwid.Length > 0 ? i.Wwid : "-", p.DeviceState,
                i.Protocol, i.Alua is null ? "-" : DiscoveryJson.AluaStateName(i.Alua.State) + (i.Alua.Preferred ? ",pref" : "")]);
        }
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join(' ', row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
        foreach (var s in result.Skipped)
        {
            output.WriteLine($"{s.Dev}: skipped: {s.Reason}");
        }
    }
}

internal sealed record DiscoveryJson(
    [property: JsonPropertyName("paths")] IReadOnlyList<DiscoveredPathJson> Paths,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedJson> Skipped)
{
    public static DiscoveryJson From(DiscoveryResult result) => new(
        result.Paths.Select(p => new DiscoveredPathJson(
            p.Path.Dev, p.Path.DevT, p.Path.Hbtl, p.Path.Vendor, p.Path.Product, p.Path.Revision, p.Path.Wwid,
            p.WwidSource.ToString().ToLowerInvariant(), p.Path.Serial, p.Path.TargetNodeName, p.Path.Protocol, p.Path.SizeSectors,
            p.DeviceState,
            p.Path.Alua is { } a ? new AluaJson(a.TargetPortGroup >= 0 ? a.TargetPortGroup : null, AluaStateName(a.State), a.Preferred) : null)).ToList(),
        result.Skipped.Select(s => new SkippedJson(s.Dev, s.Reason)).ToList());

    /// <summary>The kernel's access_state spelling (also what sg_rtpg prints in words).</summary>
    public static string AluaStateName(Core.Model.AluaAccessState state) => state switch
    {
        Core.Model.AluaAccessState.ActiveOptimized => "active/optimized",
        Core.Model.AluaAccessState.ActiveNonOptimized => "active/non-optimized",
        Core.Model.AluaAccessState.Standby => "standby",
        Core.Model.AluaAccessState.Unavailable => "unavailable",
        Core.Model.AluaAccessState.LbaDependent => "lba-dependent",
        Core.Model.AluaAccessState.Offline => "offline",
        Core.Model.AluaAccessState.Transitioning => "transitioning",
        _ => "unknown",
    };
}

internal sealed record DiscoveredPathJson(
    [property: JsonPropertyName("dev")] string Dev,
    [property: JsonPropertyName("devt")] string DevT,
    [property: JsonPropertyName("hbtl")] string Hbtl,
    [property: JsonPropertyName("vendor")] string Vendor,
    [property: JsonPropertyName("product")] string Product,
    [property: JsonPropertyName("revision")] string Revision,
    [property: JsonPropertyName("wwid")] string Wwid,
    [property: JsonPropertyName("wwid_source")] string WwidSource,
    [property: JsonPropertyName("serial")] string Serial,
    [property: JsonPropertyName("tgt_node_name")] string TargetNodeName,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("size_sectors")] long SizeSectors,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("alua")] AluaJson? Alua);

internal sealed record AluaJson(
    [property: JsonPropertyName("tpg")] int? Tpg,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("pref")] bool Pref);

internal sealed record SkippedJson(
    [property: JsonPropertyName("dev")] string Dev,
    [property: JsonPropertyName("reason")] string Reason);

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DiscoveryJson))]
internal sealed partial class DiscoveryJsonContext : JsonSerializerContext;
