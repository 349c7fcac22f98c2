namespace Mpath.Linux.DeviceMapper;

/// <summary>
/// The device-mapper operations mpath needs. <see cref="LibDeviceMapper"/> is the real one; the daemon
/// and tests can substitute their own. Every failure throws <see cref="DeviceMapperException"/>.
/// </summary>
public interface IDeviceMapper
{
    /// <summary>All dm devices with the type of their first live target ("" when they have no table).</summary>
    IReadOnlyList<DmDevice> List();

    /// <summary>
    /// Every dm device's event counter by name, in one call (DM_LIST_DEVICES). Kernels before 4.13 (dm ioctl 4.37) do
    /// not report the counters; callers use this only once <see cref="DmEventPoll"/> opened, which needs the same version.
    /// </summary>
    IReadOnlyDictionary<string, uint> ListEventNumbers();

    /// <summary>Info about a device, or null when no device has that name.</summary>
    DmInfo? GetInfo(string name);

    /// <summary>The live table (DM_DEVICE_TABLE).</summary>
    IReadOnlyList<DmTarget> GetTable(string name);

    /// <summary>The status lines of the live table (DM_DEVICE_STATUS).</summary>
    IReadOnlyList<DmTarget> GetStatus(string name);

    /// <summary>Creates and activates a map, then waits for udev to finish with it.</summary>
    void Create(DmMapSpec spec);

    /// <summary>Loads a new table into an existing map and resumes it (I/O is not flushed).</summary>
    void Reload(DmMapSpec spec);

    void Suspend(string name, bool flush);

    void Resume(string name);

    /// <summary>Removes a map; an open map is never removed (see <see cref="DmRemoveMode"/>).</summary>
    void Remove(string name, DmRemoveMode mode = DmRemoveMode.RefuseIfOpen);

    /// <summary>Sends a target message (sector 0) and returns the target's response text, if any.</summary>
    string Message(string name, string message);

    /// <summary>Blocks until the map's event counter passes <paramref name="eventNumber"/>; returns the new counter.</summary>
    uint WaitForEvent(string name, uint eventNumber);
}
