using Mpath.Core.Config.Sections;

namespace Mpath.Core.Config.Blacklisting;

/// <summary>The outcome of a blacklist check. <see cref="Reason"/> names the rule and where it comes from (built-in or FILE:LINE).</summary>
public sealed record BlacklistVerdict(bool Blacklisted, string Criterion, string Reason)
{
    public static BlacklistVerdict Allowed { get; } = new(false, "", "not blacklisted");
}

/// <summary>
/// Evaluates blacklist and blacklist_exceptions in multipath-tools' order: property, devnode, device,
/// protocol, wwid. Within a criterion an exception beats a blacklist entry; the first criterion that
/// blacklists decides. An argument passed as null skips its criterion.
/// </summary>
public static class Blacklist
{
    /// <summary>The devnode blacklist multipath-tools has compiled in: everything but SCSI, DASD and NVMe disks.</summary>
    public const string BuiltinDevnode = "!^(sd[a-z]|dasd[a-z]|nvme[0-9])";

    /// <summary>The compiled-in property exception: well-behaved SCSI devices and devices with a WWN.</summary>
    public const string BuiltinPropertyException = "(SCSI_IDENT_|ID_WWN)";

    public static BlacklistVerdict Check(MultipathConfig config, string? devnode, string? wwid, string? vendor, string? product,
        IReadOnlyDictionary<string, string>? properties, string? protocol)
    {
        var bl = config.Blacklist;
        var ex = config.Exceptions;

        if (properties is { Count: > 0 })
        {
            var excepted = ex.Properties.FirstOrDefault(p => properties.Keys.Any(p.Matches));
            if (excepted is null)
            {
                var blocked = bl.Properties.FirstOrDefault(p => properties.Keys.Any(p.Matches));
                if (blocked is not null)
                {
                    return Blocked("property", $"a udev property matches blacklist property \"{blocked.Text}\" ({blocked.Origin})");
                }
                if (ex.Properties.Count > 0)
                {
                    return Blocked("property", "udev property missing: no property matches the blacklist_exceptions property rules ("
                        + string.Join(", ", ex.Properties.Select(p => $"\"{p.Text}\" ({p.Origin})")) + ")");
                }
            }
        }

        if (devnode is not null && PatternVerdict("devnode", devnode, bl.Devnodes, ex.Devnodes) is { } byDevnode)
        {
            return byDevnode;
        }

        if (vendor is not null && product is not null
            && !ex.Devices.Any(d => d.Matches(vendor, product))
            && bl.Devices.FirstOrDefault(d => d.Matches(vendor, product)) is { } device)
        {
            return Blocked("device", $"vendor/product \"{vendor}\"/\"{product}\" matches blacklist {device.Describe()} ({device.Origin})");
        }

        if (protocol is not null && PatternVerdict("protocol", protocol, bl.Protocols, ex.Protocols) is { } byProtocol)
        {
            return byProtocol;
        }

        if (wwid is not null && PatternVerdict("wwid", wwid, bl.Wwids, ex.Wwids) is { } byWwid)
        {
            return byWwid;
        }
        return BlacklistVerdict.Allowed;
    }

    private static BlacklistVerdict? PatternVerdict(string criterion, string value, IReadOnlyList<BlacklistPattern> blacklist, IReadOnlyList<BlacklistPattern> exceptions)
    {
        if (exceptions.Any(p => p.Matches(value)))
        {
            return null;
        }
        var hit = blacklist.FirstOrDefault(p => p.Matches(value));
        return hit is null ? null : Blocked(criterion, $"{criterion} \"{value}\" matches blacklist {criterion} \"{hit.Text}\" ({hit.Origin})");
    }

    private static BlacklistVerdict Blocked(string criterion, string reason) => new(true, criterion, reason);
}
