using System.Text.Json.Serialization;

namespace Mpath.Cli.Commands;

// Input: the topology description (DESIGN.md §4).

internal sealed class TopologyInputJson
{
    [JsonPropertyName("paths")] public List<TopologyPathJson>? Paths { get; set; }
    [JsonPropertyName("timeline")] public TimelineJson? Timeline { get; set; }
}

internal sealed class TopologyPathJson
{
    [JsonPropertyName("dev")] public string? Dev { get; set; }
    [JsonPropertyName("devt")] public string? DevT { get; set; }
    [JsonPropertyName("hbtl")] public string? Hbtl { get; set; }
    [JsonPropertyName("vendor")] public string? Vendor { get; set; }
    [JsonPropertyName("product")] public string? Product { get; set; }
    [JsonPropertyName("revision")] public string? Revision { get; set; }
    [JsonPropertyName("wwid")] public string? Wwid { get; set; }
    [JsonPropertyName("serial")] public string? Serial { get; set; }
    [JsonPropertyName("tgt_node_name")] public string? TargetNodeName { get; set; }
    [JsonPropertyName("protocol")] public string? Protocol { get; set; }
    [JsonPropertyName("size_sectors")] public long SizeSectors { get; set; }
    [JsonPropertyName("prio")] public int? Prio { get; set; }
    [JsonPropertyName("alua")] public TopologyAluaJson? Alua { get; set; }
    [JsonPropertyName("state")] public string? State { get; set; }
}

internal sealed class TopologyAluaJson
{
    [JsonPropertyName("tpg")] public int Tpg { get; set; }
    /// <summary>A name (active/optimized, standby, ...) or the SPC-4 number.</summary>
    [JsonPropertyName("state")] public System.Text.Json.JsonElement State { get; set; }
    [JsonPropertyName("pref")] public bool Pref { get; set; }
}

internal sealed class TimelineJson
{
    [JsonPropertyName("end")] public double End { get; set; }
    [JsonPropertyName("events")] public List<TimelineEventJson>? Events { get; set; }
}

internal sealed class TimelineEventJson
{
    [JsonPropertyName("t")] public double T { get; set; }
    [JsonPropertyName("dev")] public string? Dev { get; set; }
    [JsonPropertyName("checker")] public string? Checker { get; set; }
    [JsonPropertyName("kernel")] public string? Kernel { get; set; }
}

// Output.

internal sealed record PlanReportJson(
    [property: JsonPropertyName("maps")] IReadOnlyList<PlanMapJson> Maps,
    [property: JsonPropertyName("skipped")] IReadOnlyList<SkippedJson> Skipped);

internal sealed record PlanMapJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("wwid")] string Wwid,
    [property: JsonPropertyName("features")] string Features,
    [property: JsonPropertyName("hardware_handler")] string HardwareHandler,
    [property: JsonPropertyName("path_grouping_policy")] string PathGroupingPolicy,
    [property: JsonPropertyName("path_selector")] string PathSelector,
    [property: JsonPropertyName("failback")] string Failback,
    [property: JsonPropertyName("no_path_retry")] string NoPathRetry,
    [property: JsonPropertyName("path_groups")] IReadOnlyList<PlanGroupJson> PathGroups,
    [property: JsonPropertyName("table")] string Table,
    [property: JsonPropertyName("failbacks"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<double>? Failbacks);

internal sealed record PlanGroupJson(
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("paths")] IReadOnlyList<string> Paths);

[JsonSourceGenerationOptions(WriteIndented = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(TopologyInputJson))]
[JsonSerializable(typeof(PlanReportJson))]
internal sealed partial class PlanJsonContext : JsonSerializerContext;
