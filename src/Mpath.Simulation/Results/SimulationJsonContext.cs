using System.Text.Json.Serialization;

namespace Mpath.Simulation.Results;

/// <summary>Source-generated JSON for <c>mpath sim --json</c> (no reflection: NativeAOT).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunSet))]
[JsonSerializable(typeof(RunResult))]
public sealed partial class SimulationJsonContext : JsonSerializerContext
{
    /// <summary>The context with readable text (no \u escapes for '>' or apostrophes): the output is not embedded in HTML.</summary>
    public static SimulationJsonContext Readable { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
