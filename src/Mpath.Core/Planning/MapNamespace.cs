namespace Mpath.Core.Planning;

/// <summary>
/// The device-mapper names and uuids one mpath instance owns. The default instance uses multipath-tools' scheme (the
/// planned name, uuid <c>mpath-</c> + WWID), so maps stay compatible with <c>multipath</c>, kpartx and udev rules. A
/// named instance (a lab/test feature: several path managers in one kernel, each pretending to be a different host)
/// prefixes both: name <c>INSTANCE-NAME</c>, uuid <c>INSTANCE-mpath-WWID</c>. Such a uuid does not start with
/// <c>mpath-</c>, so neither the default instance nor multipath-tools ever mistakes another instance's map for its own.
/// </summary>
public sealed record MapNamespace
{
    private const string MultipathUuidPrefix = "mpath-";
    private const int MaxInstanceLength = 32;

    private MapNamespace(string? instance) => Instance = instance;

    /// <summary>The host's one path manager: standard names and uuids.</summary>
    public static MapNamespace Default { get; } = new((string?)null);

    /// <summary>The instance name, or null for the default instance.</summary>
    public string? Instance { get; }

    /// <summary>A named instance, or an error when the name is not 1-32 letters, digits or underscores.</summary>
    public static (MapNamespace? Namespace, string? Error) ForInstance(string instance)
    {
        if (instance.Length is 0 or > MaxInstanceLength || !instance.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            return (null, $"instance name '{instance}' must be 1-{MaxInstanceLength} letters, digits or underscores");
        return (new MapNamespace(instance), null);
    }

    /// <summary>The uuid of this instance's map for a WWID.</summary>
    public string UuidFor(string wwid) => UuidPrefix + wwid;

    /// <summary>The dm name this instance gives a map the planner named <paramref name="plannedName"/>.</summary>
    public string NameFor(string plannedName) => Instance is null ? plannedName : $"{Instance}-{plannedName}";

    /// <summary>The WWID of this instance's map with that uuid, or null when the map is not this instance's.</summary>
    public string? WwidOf(string uuid) =>
        uuid.StartsWith(UuidPrefix, StringComparison.Ordinal) && uuid.Length > UuidPrefix.Length ? uuid[UuidPrefix.Length..] : null;

    /// <summary>The WWID in a multipath map's uuid of any instance (for listings), else the uuid itself.</summary>
    public static string WwidOfAnyInstance(string uuid)
    {
        if (uuid.StartsWith(MultipathUuidPrefix, StringComparison.Ordinal)) return uuid[MultipathUuidPrefix.Length..];
        var marker = uuid.IndexOf("-" + MultipathUuidPrefix, StringComparison.Ordinal);
        return marker > 0 ? uuid[(marker + 1 + MultipathUuidPrefix.Length)..] : uuid;
    }

    private string UuidPrefix => Instance is null ? MultipathUuidPrefix : $"{Instance}-{MultipathUuidPrefix}";
}
