using Mpath.Core.Config.Resolution;

namespace Mpath.Core.Planning;

/// <summary>
/// What the hardware handler of a map depends on beyond one path's settings, as multipath-tools decides it per
/// map: a handler the kernel attached to ANY of the map's paths is kept (retain_attached_hw_handler); otherwise,
/// when EVERY path supports ALUA and nothing but the compiled-in default says "0", the handler is "1 alua".
/// (multipath-tools also drops a "1 alua" when some path lacks ALUA; not done here, because a described
/// topology that omits the ALUA facts of a path does not mean the path lacks ALUA.)
/// </summary>
/// <param name="Attached">The first device handler attached to one of the map's paths, or null.</param>
/// <param name="AllAlua">Every path of the map reports ALUA (target port group support).</param>
internal sealed record MapHardwareHandlerFacts(string? Attached, bool AllAlua)
{
    private const string Alua = "1 alua";
    private const string NoHandler = "0";

    public static MapHardwareHandlerFacts None { get; } = new(null, false);

    public static Dictionary<string, MapHardwareHandlerFacts> Collect(IReadOnlyList<DescribedPath> paths) =>
        paths.Where(p => p.Path.Wwid.Length > 0).GroupBy(p => p.Path.Wwid, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => new MapHardwareHandlerFacts(g.Select(p => p.AttachedHardwareHandler).FirstOrDefault(h => !string.IsNullOrEmpty(h)), g.All(p => p.Path.Alua is not null)),
            StringComparer.Ordinal);

    /// <summary>The attributes with the map-level handler rules applied (the retained handler is already in them).</summary>
    public ResolvedAttributes Apply(ResolvedAttributes attributes)
    {
        var handler = attributes["hardware_handler"];
        if (Attached is not null || !AllAlua || handler.Value != NoHandler || handler.Source != ConfigSource.Builtin)
            return attributes;
        var values = new Dictionary<string, ResolvedValue>(attributes.All, StringComparer.Ordinal)
        {
            ["hardware_handler"] = new ResolvedValue(Alua, ConfigSource.Builtin),
        };
        return new ResolvedAttributes(values);
    }
}
