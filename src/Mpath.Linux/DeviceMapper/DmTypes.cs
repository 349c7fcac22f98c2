namespace Mpath.Linux.DeviceMapper;

/// <summary>One device-mapper device as listed by the kernel, with the type of its (first) target.</summary>
public sealed record DmDevice(string Name, int Major, int Minor, string TargetType)
{
    public string DevT => $"{Major}:{Minor}";
}

/// <summary>State of a device-mapper device (DM_DEVICE_INFO).</summary>
public sealed record DmInfo(
    string Name,
    string Uuid,
    int Major,
    int Minor,
    int OpenCount,
    uint EventNumber,
    bool Suspended,
    bool LiveTable,
    bool InactiveTable,
    bool ReadOnly,
    int TargetCount,
    bool DeferredRemove)
{
    public string DevT => $"{Major}:{Minor}";
}

/// <summary>One line of a table or status: a target covering <see cref="Length"/> sectors from <see cref="Start"/>.</summary>
public sealed record DmTarget(long Start, long Length, string TargetType, string Parameters)
{
    /// <summary>The line as dmsetup prints it without the device name.</summary>
    public override string ToString() => $"{Start} {Length} {TargetType} {Parameters}";
}

/// <summary>
/// A single-target map to create or reload: what <c>mpath apply</c> produces from its plan
/// (name, uuid per <see cref="Core.Planning.MapNamespace"/>, size in 512-byte sectors, the multipath table parameters).
/// </summary>
public sealed record DmMapSpec(string Name, string Uuid, long Sectors, string Parameters, string TargetType = "multipath")
{
    /// <summary>
    /// Activate the map "not ready" for upper layers (dm-multipath's no-usable-paths udev flag), as the daemon does
    /// while ghost_delay waits for an active path; a later create or reload without it marks the map ready.
    /// </summary>
    public bool NotReady { get; init; }
}

/// <summary>How <see cref="IDeviceMapper.Remove"/> treats a map that is still open.</summary>
public enum DmRemoveMode
{
    /// <summary>Refuse (<see cref="DmMapInUseException"/>) when the open count is above zero.</summary>
    RefuseIfOpen,
    /// <summary>
    /// For an open map, ask the kernel to remove it when the last opener closes it (deferred
    /// remove); an open map is still never torn down under its users.
    /// </summary>
    DeferIfOpen,
}

/// <summary>A device-mapper operation failed; says which device, which operation and the errno.</summary>
public class DeviceMapperException : Exception
{
    public DeviceMapperException(string device, string operation, int errno, string detail)
        : base(Format(device, operation, errno, detail))
    {
        Device = device;
        Operation = operation;
        Errno = errno;
    }

    public DeviceMapperException() : this("?", "?", 0, "")
    {
    }

    public DeviceMapperException(string message) : base(message)
    {
        Device = "?";
        Operation = "?";
    }

    public DeviceMapperException(string message, Exception inner) : base(message, inner)
    {
        Device = "?";
        Operation = "?";
    }

    public string Device { get; }
    public string Operation { get; }
    /// <summary>dm_task_get_errno() after the failed ioctl; 0 when the library failed before the ioctl.</summary>
    public int Errno { get; }

    private static string Format(string device, string operation, int errno, string detail)
    {
        var text = $"{device}: {operation} failed";
        if (errno != 0)
        {
            text += $": {Native.LibC.ErrorText(errno)} (errno {errno})";
        }
        return detail.Length > 0 ? $"{text}: {detail}" : text;
    }
}

/// <summary>Remove was refused because the map is open (mounted, held by a process, stacked on).</summary>
public sealed class DmMapInUseException : DeviceMapperException
{
    public DmMapInUseException(string device, int openCount)
        : base(device, "remove", 0, $"map is in use (open count {openCount})")
    {
        OpenCount = openCount;
    }

    public int OpenCount { get; }
}
