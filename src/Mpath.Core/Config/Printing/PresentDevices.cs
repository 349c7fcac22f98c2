using Mpath.Core.Config.Blacklisting;
using Mpath.Core.Config.Resolution;
using Mpath.Core.Config.Sections;
using Mpath.Core.Model;

namespace Mpath.Core.Config.Printing;

/// <summary>
/// The devices actually present on a host, for <c>multipath -T</c>: the identities and WWIDs of its paths that the
/// blacklist leaves (multipath-tools drops blacklisted paths before it collects the hardware entries in use).
/// </summary>
public sealed record PresentDevices(IReadOnlyList<PathIdentity> Paths, IReadOnlySet<string> Wwids)
{
    public static PresentDevices From(MultipathConfig config, IEnumerable<PathInfo> paths)
    {
        var kept = paths.Where(p => !Blacklist.Check(config, p.Dev, p.Wwid, p.Vendor, p.Product, null, p.Protocol).Blacklisted).ToList();
        return new PresentDevices(
            kept.Select(p => new PathIdentity(p.Vendor, p.Product, p.Revision, p.Protocol)).Distinct().ToList(),
            kept.Where(p => p.Wwid.Length > 0).Select(p => p.Wwid).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>A device entry is in use when it matches a present path (vendor, product, and revision if it names one).</summary>
    public bool Uses(DeviceEntry device) => Paths.Any(p => device.Matches(p.Vendor, p.Product, p.Revision));

    public bool Uses(MultipathEntry multipath) => Wwids.Contains(multipath.Wwid);
}
