namespace Mpath.Core.Topology.Naming;

/// <summary>The multipath.conf <c>find_multipaths</c> values (<c>no</c> = off, <c>yes</c> = on).</summary>
public enum FindMultipathsMode
{
    Off,
    On,
    Strict,
    Greedy,
    Smart,
}

public enum FindMultipathsVerdict
{
    /// <summary>Claim the device as a multipath path.</summary>
    Multipath,
    /// <summary>Leave the device to the rest of the system.</summary>
    NotMultipath,
    /// <summary>smart only: hold the device until a second path appears or find_multipaths_timeout expires.</summary>
    Wait,
}

/// <summary>What is known about a device when deciding whether it is a multipath path.</summary>
/// <param name="SmartTimeoutExpired">smart: a lone path is not held (the multipath command never waits; the daemon once the timeout expired).</param>
/// <param name="ReleasedToSystem">
/// smart, in the daemon: the WWID's find_multipaths_timeout expired while it had one path, so the system has the device;
/// it stays released even when more paths appear (the wwids file still brings it back).
/// </param>
public sealed record FindMultipathsFacts(
    bool InWwidsFile,
    int PathsWithSameWwid,
    bool MapExists = false,
    bool SmartTimeoutExpired = false,
    bool ReleasedToSystem = false);

public sealed record FindMultipathsDecision(FindMultipathsVerdict Verdict, string Reason);

/// <summary>
/// Whether a (non-blacklisted) device with a WWID should be multipathed, per
/// <c>find_multipaths</c>: off and greedy take every device; strict only WWIDs in the wwids
/// file; on also a WWID that already has a map or at least two paths; smart like on, but a
/// lone new path is held (Wait) until the timeout, after which it is released (and stays released).
/// </summary>
public static class FindMultipaths
{
    public static bool TryParse(string text, out FindMultipathsMode mode)
    {
        (var known, mode) = text switch
        {
            "off" or "no" => (true, FindMultipathsMode.Off),
            "on" or "yes" => (true, FindMultipathsMode.On),
            "strict" => (true, FindMultipathsMode.Strict),
            "greedy" => (true, FindMultipathsMode.Greedy),
            "smart" => (true, FindMultipathsMode.Smart),
            _ => (false, FindMultipathsMode.Off),
        };
        return known;
    }

    public static string ToConfigName(this FindMultipathsMode mode) => mode switch
    {
        FindMultipathsMode.Off => "off",
        FindMultipathsMode.On => "on",
        FindMultipathsMode.Strict => "strict",
        FindMultipathsMode.Greedy => "greedy",
        _ => "smart",
    };

    public static FindMultipathsDecision Decide(FindMultipathsMode mode, FindMultipathsFacts facts)
    {
        if (mode is FindMultipathsMode.Off or FindMultipathsMode.Greedy)
            return new(FindMultipathsVerdict.Multipath, $"find_multipaths {mode.ToConfigName()}: every device is multipathed");
        if (facts.InWwidsFile)
            return new(FindMultipathsVerdict.Multipath, "WWID is in the wwids file");
        if (mode == FindMultipathsMode.Strict)
            return new(FindMultipathsVerdict.NotMultipath, "find_multipaths strict: WWID is not in the wwids file");
        if (facts.MapExists)
            return new(FindMultipathsVerdict.Multipath, "a map with this WWID already exists");
        if (mode == FindMultipathsMode.Smart && facts.ReleasedToSystem)
            return new(FindMultipathsVerdict.NotMultipath, "find_multipaths smart: find_multipaths_timeout expired with one path; left to the system");
        if (facts.PathsWithSameWwid >= 2)
            return new(FindMultipathsVerdict.Multipath, $"{facts.PathsWithSameWwid} paths share this WWID");
        if (mode == FindMultipathsMode.Smart && !facts.SmartTimeoutExpired)
            return new(FindMultipathsVerdict.Wait, "find_multipaths smart: waiting for a second path");
        return new(FindMultipathsVerdict.NotMultipath, "only one path");
    }
}
