namespace Mpath.Core.Topology.Naming;

/// <summary>The answer to udev's question "is this block device a multipath path?" (multipath -c/-u).</summary>
public enum PathClaimVerdict
{
    /// <summary>Claim it: udev hides it from the rest of the system (DM_MULTIPATH_DEVICE_PATH="1").</summary>
    Yes,
    /// <summary>Leave it to the system (DM_MULTIPATH_DEVICE_PATH="0").</summary>
    No,
}

/// <summary>What is known about one block device when udev asks.</summary>
/// <param name="AlreadyMultipathed">A multipath map holds the device already.</param>
/// <param name="IsWholeDisk">A disk, not a partition.</param>
/// <param name="Wwid">Its WWID; empty when none could be read.</param>
/// <param name="Blacklisted">multipath.conf blacklists it (devnode, wwid, device or protocol, after exceptions).</param>
/// <param name="InWwidsFile">The WWID is in the wwids file.</param>
/// <param name="MapExists">A multipath map with uuid mpath-WWID exists.</param>
/// <param name="PathsWithSameWwid">How many discovered paths (this one included) have the WWID.</param>
public sealed record PathClaimFacts(
    bool AlreadyMultipathed,
    bool IsWholeDisk,
    string Wwid,
    bool Blacklisted,
    bool InWwidsFile,
    bool MapExists,
    int PathsWithSameWwid);

public sealed record PathClaimDecision(PathClaimVerdict Verdict, string Reason);

/// <summary>
/// The udev-rule contract of multipath-tools 0.14 (<c>multipath -c DEV</c>, <c>multipath -u</c>): a device already in a
/// map is claimed; partitions, blacklisted devices and devices without a WWID are not; <c>greedy</c> claims every
/// other device; otherwise a WWID in the wwids file or with a map is claimed. <c>strict</c>, <c>on</c> and <c>off</c>
/// stop there (new WWIDs are left alone until <c>multipath</c> or the daemon sets them up and records them).
/// <c>smart</c> also claims a WWID that two paths share; a lone new path is released, where multipath-tools would
/// hold it for find_multipaths_timeout (mpath does not implement that wait).
/// </summary>
public static class PathClaim
{
    /// <summary>
    /// multipath's <c>-i</c> (ignore the wwids file): strict and on then act like smart, off like greedy, as
    /// multipath-tools 0.14 maps them.
    /// </summary>
    public static FindMultipathsMode IgnoringWwidsFile(FindMultipathsMode mode) => mode switch
    {
        FindMultipathsMode.On or FindMultipathsMode.Strict => FindMultipathsMode.Smart,
        FindMultipathsMode.Off => FindMultipathsMode.Greedy,
        _ => mode,
    };

    public static PathClaimDecision Decide(FindMultipathsMode mode, PathClaimFacts facts)
    {
        if (facts.AlreadyMultipathed)
            return new(PathClaimVerdict.Yes, "a multipath map already holds the device");
        if (!facts.IsWholeDisk)
            return new(PathClaimVerdict.No, "not a whole disk");
        if (facts.Wwid.Length == 0)
            return new(PathClaimVerdict.No, "no WWID");
        if (facts.Blacklisted)
            return new(PathClaimVerdict.No, "blacklisted");
        if (mode == FindMultipathsMode.Greedy)
            return new(PathClaimVerdict.Yes, "find_multipaths greedy: every device is a path");
        if (facts.InWwidsFile)
            return new(PathClaimVerdict.Yes, "WWID is in the wwids file");
        if (facts.MapExists)
            return new(PathClaimVerdict.Yes, "a map with this WWID exists");
        if (mode != FindMultipathsMode.Smart)
            return new(PathClaimVerdict.No, $"find_multipaths {mode.ToConfigName()}: WWID is neither in the wwids file nor multipathed");
        return facts.PathsWithSameWwid >= 2
            ? new(PathClaimVerdict.Yes, $"find_multipaths smart: {facts.PathsWithSameWwid} paths share the WWID")
            : new(PathClaimVerdict.No, "find_multipaths smart: only one path (mpath does not wait for a second one)");
    }
}
