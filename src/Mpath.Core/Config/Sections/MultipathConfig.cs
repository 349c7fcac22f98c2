using Mpath.Core.Config.Blacklisting;

namespace Mpath.Core.Config.Sections;

/// <summary>
/// The merged configuration: compiled-in hardware table and blacklist, the main file and its
/// config_dir drop-ins. Built by <see cref="Loading.ConfigBuilder"/>; read-only for everyone else.
/// </summary>
public sealed class MultipathConfig
{
    public AttributeSet Defaults { get; } = new();
    public AttributeSet Overrides { get; } = new();

    internal List<ProtocolEntry> OverrideProtocolList { get; } = [];
    internal List<DeviceEntry> DeviceList { get; } = [];
    internal List<MultipathEntry> MultipathList { get; } = [];

    /// <summary>WWID index over <see cref="MultipathList"/>: large configurations have thousands of entries.</summary>
    internal Dictionary<string, MultipathEntry> MultipathByWwid { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ProtocolEntry> OverrideProtocols => OverrideProtocolList;

    /// <summary>Hardware table entries and user entries, merged, in precedence order (later wins).</summary>
    public IReadOnlyList<DeviceEntry> Devices => DeviceList;

    public IReadOnlyList<MultipathEntry> Multipaths => MultipathList;

    public BlacklistRules Blacklist { get; } = new();
    public BlacklistRules Exceptions { get; } = new();

    /// <summary>The multipaths entry for a WWID (entries for the same WWID are merged at load).</summary>
    public MultipathEntry? FindMultipath(string? wwid) =>
        wwid is null ? null : MultipathByWwid.GetValueOrDefault(wwid);
}
