using System.Text.Json.Serialization;

namespace Mpath.Simulation.Results;

/// <summary>Source-generated JSON for <c>mpath sim --json</c> (no reflection: NativeAOT).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunSet))]
public sealed partial class SimulationJsonContext : JsonSerializerContext;
