using System.Text.RegularExpressions;
using Mpath.Core.Config.Sections;

namespace Mpath.Core.Config.Blacklisting;

/// <summary>A blacklist regex. A leading '!' inverts it; "\!" stands for a literal leading '!'.</summary>
public sealed class BlacklistPattern
{
    private readonly Regex _regex;

    public BlacklistPattern(string text, ConfigOrigin origin)
    {
        Text = text;
        Origin = origin;
        _regex = ConfigRegex.Create(StripInversion(text, out var inverted));
        Inverted = inverted;
    }

    /// <summary>The value as written in the file (with any leading '!').</summary>
    public string Text { get; }
    public bool Inverted { get; }
    public ConfigOrigin Origin { get; }

    public bool Matches(string value) => ConfigRegex.IsMatch(_regex, value) != Inverted;

    public static string StripInversion(string text, out bool inverted)
    {
        inverted = text.StartsWith('!');
        if (inverted)
        {
            return text[1..];
        }
        return text.StartsWith("\\!", StringComparison.Ordinal) ? text[1..] : text;
    }
}

/// <summary>A <c>device { vendor .. product .. }</c> entry of a blacklist; a missing product matches every product.</summary>
public sealed class BlacklistDevice(string? vendor, string? product, ConfigOrigin origin)
{
    private readonly Regex? _vendor = vendor is null ? null : ConfigRegex.Create(vendor);
    private readonly Regex? _product = product is null ? null : ConfigRegex.Create(product);

    public string? Vendor { get; } = vendor;
    public string? Product { get; } = product;
    public ConfigOrigin Origin { get; } = origin;

    public bool Matches(string vendor, string product) =>
        (_vendor is null || ConfigRegex.IsMatch(_vendor, vendor)) && (_product is null || ConfigRegex.IsMatch(_product, product));

    public string Describe() => $"device vendor \"{Vendor ?? ".*"}\" product \"{Product ?? ".*"}\"";
}

/// <summary>The five criteria of a <c>blacklist</c> or <c>blacklist_exceptions</c> section.</summary>
public sealed class BlacklistRules
{
    internal List<BlacklistPattern> DevnodeList { get; } = [];
    internal List<BlacklistPattern> WwidList { get; } = [];
    internal List<BlacklistPattern> PropertyList { get; } = [];
    internal List<BlacklistPattern> ProtocolList { get; } = [];
    internal List<BlacklistDevice> DeviceList { get; } = [];

    public IReadOnlyList<BlacklistPattern> Devnodes => DevnodeList;
    public IReadOnlyList<BlacklistPattern> Wwids => WwidList;
    public IReadOnlyList<BlacklistPattern> Properties => PropertyList;
    public IReadOnlyList<BlacklistPattern> Protocols => ProtocolList;
    public IReadOnlyList<BlacklistDevice> Devices => DeviceList;

    /// <summary>Adds a pattern unless the same text is already in the list (printing and re-reading stays idempotent).</summary>
    internal static void AddPattern(List<BlacklistPattern> list, BlacklistPattern pattern)
    {
        if (!list.Exists(p => p.Text == pattern.Text))
        {
            list.Add(pattern);
        }
    }

    internal void AddDevice(BlacklistDevice device)
    {
        if (!DeviceList.Exists(d => d.Vendor == device.Vendor && d.Product == device.Product))
        {
            DeviceList.Add(device);
        }
    }

    internal List<BlacklistPattern> ListFor(string keyword) => keyword switch
    {
        "devnode" => DevnodeList,
        "wwid" => WwidList,
        "property" => PropertyList,
        "protocol" => ProtocolList,
        _ => throw new ArgumentOutOfRangeException(nameof(keyword), keyword, "not a blacklist pattern keyword"),
    };
}
