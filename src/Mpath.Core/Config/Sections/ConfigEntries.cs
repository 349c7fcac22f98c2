using System.Text.RegularExpressions;

namespace Mpath.Core.Config.Sections;

/// <summary>A <c>devices/device</c> entry: vendor/product/revision regexes and the settings for matching paths.</summary>
public sealed class DeviceEntry(string vendor, string product, string? revision, ConfigOrigin origin)
{
    private readonly Regex _vendor = ConfigRegex.Create(vendor);
    private readonly Regex _product = ConfigRegex.Create(product);
    private readonly Regex? _revision = revision is null ? null : ConfigRegex.Create(revision);

    public string Vendor { get; } = vendor;
    public string Product { get; } = product;
    public string? Revision { get; } = revision;
    public ConfigOrigin Origin { get; internal set; } = origin;

    /// <summary>Settings other than vendor/product/revision (product_blacklist included).</summary>
    public AttributeSet Attributes { get; } = new();

    /// <summary>True when this entry, or a part merged into it, came from the compiled-in hardware table.</summary>
    public bool FromHardwareTable => Origin.BuiltIn;

    /// <summary>multipath-tools' rule: vendor AND product match, and the revision if the entry names one. Unanchored.</summary>
    public bool Matches(string vendor, string product, string revision) =>
        ConfigRegex.IsMatch(_vendor, vendor) && ConfigRegex.IsMatch(_product, product) && (_revision is null || ConfigRegex.IsMatch(_revision, revision));

    /// <summary>Identical identifying strings: such entries are merged into one.</summary>
    public bool SameIdentity(DeviceEntry other) =>
        Vendor == other.Vendor && Product == other.Product && Revision == other.Revision;
}

/// <summary>A <c>multipaths/multipath</c> entry for one WWID (exact match).</summary>
public sealed class MultipathEntry(string wwid, ConfigOrigin origin)
{
    public string Wwid { get; } = wwid;
    public ConfigOrigin Origin { get; } = origin;
    public AttributeSet Attributes { get; } = new();
}

/// <summary>An <c>overrides/protocol</c> subsection for one protocol string (exact match).</summary>
public sealed class ProtocolEntry(string type, ConfigOrigin origin)
{
    public string Type { get; } = type;
    public ConfigOrigin Origin { get; } = origin;
    public AttributeSet Attributes { get; } = new();
}

/// <summary>
/// Regex construction and matching that never throws. The timeout only stops a pathological pattern: it must be far
/// above any scheduling delay, because a wall-clock timeout that misfires on a loaded host (a descheduled thread
/// "times out" matching "sda") would make a negated blacklist pattern blacklist a healthy path; 200 ms did exactly
/// that in a starved VM. The non-backtracking engine would need no timeout, but building it costs far more than the
/// matching (hundreds of regexes per configuration load), and the inputs here are short device, vendor and WWID strings.
/// </summary>
internal static class ConfigRegex
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(10);

    public static Regex Create(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            // Callers validate first; an invalid pattern that slips through matches nothing.
            return new Regex("(?!)", RegexOptions.None, MatchTimeout);
        }
    }

    /// <summary>A runaway match (a pathological pattern) counts as no match.</summary>
    public static bool IsMatch(Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
