namespace Mpath.Daemon.State;

/// <summary>
/// Everything <c>show</c> commands read, published by the daemon after each change and swapped in atomically, so a
/// show never waits for a reconfigure or a slow device.
/// </summary>
public sealed record DaemonSnapshot(
    IReadOnlyList<MapSnapshot> Maps,
    IReadOnlyList<PathSnapshot> UnmappedPaths,
    DateTimeOffset TakenAt)
{
    /// <summary>Daemon state as <c>show daemon</c> prints it: idle, running, configure, shutdown, ...</summary>
    public string State { get; init; } = "running";

    public int Pid { get; init; }

    /// <summary>Whether uevents are still being processed (<c>busy</c> in <c>show status</c>).</summary>
    public bool UeventsBusy { get; init; }

    public static DaemonSnapshot Empty(DateTimeOffset takenAt) => new([], [], takenAt);

    /// <summary>
    /// Every known path, mapped or not, in device-name order (sda, sdb, ..., sdz, sdaa): the order in which
    /// multipathd lists paths it discovered at startup.
    /// </summary>
    public IReadOnlyList<PathSnapshot> AllPaths =>
        Maps.SelectMany(m => m.Paths).Concat(UnmappedPaths).OrderBy(p => p.Info.Dev, DeviceNameComparer.Instance).ToList();

    /// <summary>Looks a path up by kernel name, accepting a <c>/dev/</c> prefix as multipathd does.</summary>
    public PathSnapshot? FindPath(string device)
    {
        var name = StripDevPrefix(device);
        return Maps.SelectMany(m => m.Paths).Concat(UnmappedPaths).FirstOrDefault(p => p.Info.Dev == name);
    }

    /// <summary>Looks a map up the way multipathd does: <c>dm-N</c> by minor, then by name, then by wwid.</summary>
    public MapSnapshot? FindMap(string key)
    {
        var name = StripDevPrefix(key);
        if (TryParseDmMinor(name, out var minor))
        {
            var byMinor = Maps.FirstOrDefault(m => m.SysfsName is { } s && TryParseDmMinor(s, out var mm) && mm == minor);
            if (byMinor is not null) return byMinor;
        }
        return Maps.FirstOrDefault(m => m.Name.Length > 0 && m.Name == name) ?? Maps.FirstOrDefault(m => m.Wwid == name);
    }

    private static string StripDevPrefix(string name) =>
        name.StartsWith("/dev/", StringComparison.Ordinal) && name.Length > 5 ? name[5..] : name;

    private static bool TryParseDmMinor(string name, out int minor)
    {
        minor = 0;
        return name.StartsWith("dm-", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(3), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out minor);
    }
}
