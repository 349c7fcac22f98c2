using System.Text.Json.Serialization;

namespace Mpath.Cli.Commands;

internal sealed record DiagnosticJson(string File, int Line, string Severity, string Message);

internal sealed record CheckReportJson(bool Valid, IReadOnlyList<DiagnosticJson> Diagnostics);

internal sealed record AttributeJson(string Value, string Source);

internal sealed record ExplainReportJson(IReadOnlyDictionary<string, AttributeJson> Attributes);

/// <summary>Source-generated serializers (NativeAOT has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CheckReportJson))]
[JsonSerializable(typeof(ExplainReportJson))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
