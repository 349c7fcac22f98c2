using System.Runtime.InteropServices;
using Mpath.Linux.Native;

namespace Mpath.Linux.DeviceMapper;

/// <summary>
/// <see cref="IDeviceMapper"/> on top of libdevmapper. libdevmapper keeps global state and is not
/// thread-safe, so one instance serialises its calls; use one instance per process.
/// </summary>
public sealed class LibDeviceMapper : IDeviceMapper
{
    private readonly Lock _gate = new();
    private readonly TimeSpan _udevWaitLimit = Timeout.InfiniteTimeSpan;
    private readonly Action<string>? _warn;
    private bool _udevGaveUp;

    /// <summary>Every create, reload and remove waits until udev has processed its uevents (what <c>multipath</c> does).</summary>
    public LibDeviceMapper() : this(waitForUdev: true)
    {
    }

    /// <summary>
    /// Waits for udev as <c>multipath</c> does, but at most <paramref name="udevWaitLimit"/> per operation: a command
    /// line tool must not hang because udev is backlogged (thousands of uevents after a path storm) or wedged. On the
    /// first wait that runs out, <paramref name="warn"/> hears of it and this instance stops waiting for udev.
    /// </summary>
    public LibDeviceMapper(TimeSpan udevWaitLimit, Action<string> warn) : this(waitForUdev: true)
    {
        _udevWaitLimit = udevWaitLimit;
        _warn = warn;
    }

    /// <summary>
    /// <paramref name="waitForUdev"/> false: operations still tell udev's rules their flags but do not wait for udev,
    /// as multipathd does: a daemon that waits for udev once per map needs seconds per map while udev is busy (the
    /// uevents of every new map run blkid and kpartx), and udev rules may in turn ask the daemon. The setting is
    /// libdevmapper's process-wide one, like everything about this class.
    /// </summary>
    public LibDeviceMapper(bool waitForUdev)
    {
        if (!waitForUdev) LibDevMapper.UdevSetSyncSupport(0);
    }

    public IReadOnlyList<DmDevice> List()
    {
        var names = ListNames();
        var devices = new List<DmDevice>(names.Count);
        foreach (var (name, major, minor, _) in names)
        {
            string type;
            try
            {
                var table = GetTable(name);
                type = table.Count > 0 ? table[0].TargetType : "";
            }
            catch (DeviceMapperException ex) when (ex.Errno == 6 /* ENXIO: removed meanwhile */)
            {
                continue;
            }
            devices.Add(new DmDevice(name, major, minor, type));
        }
        devices.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return devices;
    }

    /// <summary>Only for kernels with dm ioctl 4.37 or later (those with DM_DEV_ARM_POLL): older ones list no counters.</summary>
    public IReadOnlyDictionary<string, uint> ListEventNumbers() =>
        ListNames().ToDictionary(n => n.Name, n => n.EventNumber, StringComparer.Ordinal);

    /// <summary>DM_LIST_DEVICES: every map's name, device number and event counter (0 where the kernel does not report it).</summary>
    private List<(string Name, int Major, int Minor, uint EventNumber)> ListNames()
    {
        var names = new List<(string Name, int Major, int Minor, uint EventNumber)>();
        lock (_gate)
        {
            using var task = Task(LibDevMapper.DeviceList, "device-mapper", "list devices");
            task.Run();
            var node = LibDevMapper.TaskGetNames(task.Handle);
            // struct dm_names { uint64_t dev; uint32_t next; char name[]; }: dev == 0 means an empty list. Since dm ioctl
            // 4.37 the name is followed, at the next 8-byte boundary, by the map's event counter and a flags word.
            if (node == 0 || Marshal.ReadInt64(node) == 0) return names;
            while (true)
            {
                var dev = (ulong)Marshal.ReadInt64(node);
                var next = Marshal.ReadInt32(node, 8);
                var name = Marshal.PtrToStringUTF8(node + 12) ?? "";
                var afterName = node + 12 + System.Text.Encoding.UTF8.GetByteCount(name) + 1;
                var eventAt = (afterName + 7) & ~(nint)7;
                // An older kernel's entry may end right after the name (then no counter is read); the last entry's
                // length is unknown, but its counter lies inside libdevmapper's buffer either way (meaningful on 4.37+).
                var eventNumber = next == 0 || eventAt + 4 <= node + next ? (uint)Marshal.ReadInt32(eventAt) : 0u;
                names.Add((name, DevMajor(dev), DevMinor(dev), eventNumber));
                if (next == 0) break;
                node += next;
            }
        }
        return names;
    }

    public DmInfo? GetInfo(string name)
    {
        lock (_gate)
        {
            using var task = Task(LibDevMapper.DeviceInfo, name, "info");
            task.SetName(name);
            task.Run();
            return task.Info(name);
        }
    }

    public IReadOnlyList<DmTarget> GetTable(string name) => Targets(LibDevMapper.DeviceTable, name, "table");

    public IReadOnlyList<DmTarget> GetStatus(string name) => Targets(LibDevMapper.DeviceStatus, name, "status");

    public void Create(DmMapSpec spec)
    {
        lock (_gate)
        {
            // libdevmapper runs the create ioctl on an internal task whose errno it does not pass
            // on, so an existing name is detected up front to report it properly.
            using (var query = Task(LibDevMapper.DeviceInfo, spec.Name, "create (info)"))
            {
                query.SetName(spec.Name);
                query.Run();
                if (query.Info(spec.Name) is not null)
                {
                    throw new DeviceMapperException(spec.Name, "create", 17, "a map with this name exists");
                }
            }
            using var task = Task(LibDevMapper.DeviceCreate, spec.Name, "create");
            task.SetName(spec.Name);
            if (spec.Uuid.Length > 0 && LibDevMapper.TaskSetUuid(task.Handle, spec.Uuid) == 0)
            {
                throw task.Failure($"cannot set uuid '{spec.Uuid}'");
            }
            task.AddTarget(spec);
            task.RunWithUdevCookie(WaitForUdev, UdevFlags(spec));
        }
    }

    public void Reload(DmMapSpec spec)
    {
        lock (_gate)
        {
            using (var load = Task(LibDevMapper.DeviceReload, spec.Name, "reload (table load)"))
            {
                load.SetName(spec.Name);
                load.AddTarget(spec);
                // Paths may be failed right now: never flush queued I/O, let the new table take it.
                load.Require(LibDevMapper.TaskNoFlush(load.Handle), "cannot set noflush");
                load.Run();
            }
            ResumeLocked(spec.Name, "reload (resume)", UdevFlags(spec));
        }
    }

    public void Suspend(string name, bool flush)
    {
        lock (_gate)
        {
            using var task = Task(LibDevMapper.DeviceSuspend, name, "suspend");
            task.SetName(name);
            if (!flush)
            {
                task.Require(LibDevMapper.TaskNoFlush(task.Handle), "cannot set noflush");
            }
            task.Run();
        }
    }

    public void Resume(string name)
    {
        lock (_gate)
        {
            ResumeLocked(name, "resume");
        }
    }

    public void Remove(string name, DmRemoveMode mode = DmRemoveMode.RefuseIfOpen)
    {
        lock (_gate)
        {
            DmInfo info;
            using (var query = Task(LibDevMapper.DeviceInfo, name, "remove (info)"))
            {
                query.SetName(name);
                query.Run();
                info = query.Info(name) ?? throw new DeviceMapperException(name, "remove", 6, "no such map");
            }
            var deferred = false;
            if (info.OpenCount > 0)
            {
                if (mode != DmRemoveMode.DeferIfOpen)
                {
                    throw new DmMapInUseException(name, info.OpenCount);
                }
                deferred = true;
            }
            using var task = Task(LibDevMapper.DeviceRemove, name, deferred ? "deferred remove" : "remove");
            task.SetName(name);
            if (deferred)
            {
                task.Require(LibDevMapper.TaskDeferredRemove(task.Handle), "cannot request a deferred remove");
                task.Run();
            }
            else
            {
                task.RunWithUdevCookie(WaitForUdev);
            }
        }
    }

    public string Message(string name, string message)
    {
        lock (_gate)
        {
            using var task = Task(LibDevMapper.DeviceTargetMessage, name, $"message '{message}'");
            task.SetName(name);
            if (LibDevMapper.TaskSetSector(task.Handle, 0) == 0 || LibDevMapper.TaskSetMessage(task.Handle, message) == 0)
            {
                throw task.Failure("cannot prepare the message");
            }
            task.Run();
            var response = LibDevMapper.TaskGetMessageResponse(task.Handle);
            return response == 0 ? "" : Marshal.PtrToStringUTF8(response) ?? "";
        }
    }

    public uint WaitForEvent(string name, uint eventNumber)
    {
        // The waiting ioctl itself is deliberately not under the gate: it blocks until the event and
        // other calls must go on. An info call first (under the gate) makes sure libdevmapper's global
        // state (control fd, version check) is set up before any unserialised call, and that the map exists.
        if (GetInfo(name) is null)
        {
            throw new DeviceMapperException(name, "wait for event", 6, "no such map");
        }
        using var task = Task(LibDevMapper.DeviceWaitEvent, name, "wait for event");
        task.SetName(name);
        task.Require(LibDevMapper.TaskSetEventNr(task.Handle, eventNumber), "cannot set the event number");
        task.Run();
        return task.Info(name)?.EventNumber ?? throw new DeviceMapperException(name, "wait for event", 6, "map disappeared");
    }

    private void ResumeLocked(string name, string operation, ushort udevFlags = 0)
    {
        using var task = Task(LibDevMapper.DeviceResume, name, operation);
        task.SetName(name);
        task.RunWithUdevCookie(WaitForUdev, udevFlags);
    }

    /// <summary>Waits until udev has processed the cookie's uevents, or the limit ran out; false when the wait failed.</summary>
    private bool WaitForUdev(uint cookie, string device, string operation)
    {
        if (_udevWaitLimit == Timeout.InfiniteTimeSpan) return LibDevMapper.UdevWait(cookie) != 0;
        if (!_udevGaveUp)
        {
            var deadline = Environment.TickCount64 + (long)_udevWaitLimit.TotalMilliseconds;
            while (true)
            {
                if (LibDevMapper.UdevWaitImmediate(cookie, out var ready) == 0) return false;
                if (ready != 0) return true;
                if (Environment.TickCount64 >= deadline) break;
                Thread.Sleep(20);
            }
            _udevGaveUp = true;
            _warn?.Invoke($"{device}: {operation} done, but udev has not processed its events after {_udevWaitLimit.TotalSeconds:0} s " +
                "(udev is busy or stuck: see `udevadm monitor`); not waiting for udev any more");
        }
        // Completing the cookie ourselves releases its semaphore; udev's own completion later finds it gone, harmlessly.
        // It fails only when udev completed it meanwhile, and then the wait below returns at once all the same.
        _ = LibDevMapper.UdevComplete(cookie);
        return LibDevMapper.UdevWait(cookie) != 0;
    }

    private static ushort UdevFlags(DmMapSpec spec) => spec.NotReady ? LibDevMapper.UdevMultipathNoPaths : (ushort)0;

    private List<DmTarget> Targets(int type, string name, string operation)
    {
        lock (_gate)
        {
            using var task = Task(type, name, operation);
            task.SetName(name);
            task.Run();
            var targets = new List<DmTarget>();
            nint next = 0;
            do
            {
                next = LibDevMapper.GetNextTarget(task.Handle, next, out var start, out var length, out var targetType, out var parameters);
                if (targetType == 0)
                {
                    break; // no table loaded
                }
                targets.Add(new DmTarget((long)start, (long)length, Marshal.PtrToStringUTF8(targetType) ?? "", Marshal.PtrToStringUTF8(parameters) ?? ""));
            }
            while (next != 0);
            return targets;
        }
    }

    // Linux dev_t encoding as returned by the DM_LIST ioctl (huge_encode_dev).
    private static int DevMajor(ulong dev) => (int)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffUL));

    private static int DevMinor(ulong dev) => (int)((dev & 0xff) | ((dev >> 12) & ~0xffUL));

    private static DmTask Task(int type, string device, string operation)
    {
        var handle = LibDevMapper.TaskCreate(type);
        if (handle == 0)
        {
            throw new DeviceMapperException(device, operation, 0, "dm_task_create failed (is libdevmapper usable, is dm-mod loaded?)");
        }
        return new DmTask(handle, device, operation);
    }

    /// <summary>One libdevmapper task; destroyed on dispose.</summary>
    private sealed class DmTask(nint handle, string device, string operation) : IDisposable
    {
        public nint Handle { get; } = handle;

        public void SetName(string name)
        {
            if (LibDevMapper.TaskSetName(Handle, name) == 0)
            {
                throw Failure($"invalid map name '{name}'");
            }
        }

        public void AddTarget(DmMapSpec spec)
        {
            if (spec.Sectors <= 0)
            {
                throw new DeviceMapperException(device, operation, 0, $"size must be positive, got {spec.Sectors} sectors");
            }
            if (LibDevMapper.TaskAddTarget(Handle, 0, (ulong)spec.Sectors, spec.TargetType, spec.Parameters) == 0)
            {
                throw Failure($"cannot add target '{spec.TargetType} {spec.Parameters}'");
            }
        }

        public void Run()
        {
            if (LibDevMapper.TaskRun(Handle) == 0)
            {
                throw Failure("");
            }
        }

        /// <summary>Runs with a udev cookie and waits until udev has processed the resulting uevents (returns at once when udev sync is off).</summary>
        public void RunWithUdevCookie(Func<uint, string, string, bool> waitForUdev, ushort extraUdevFlags = 0)
        {
            uint cookie = 0;
            if (LibDevMapper.TaskSetCookie(Handle, ref cookie, (ushort)(LibDevMapper.UdevDisableLibraryFallback | extraUdevFlags)) == 0)
            {
                throw Failure("cannot set a udev cookie");
            }
            var ok = LibDevMapper.TaskRun(Handle) != 0;
            var errno = ok ? 0 : LibDevMapper.TaskGetErrno(Handle);
            // The cookie must be waited for (and so released) whether or not the ioctl worked.
            var waited = waitForUdev(cookie, device, operation);
            if (!ok)
            {
                throw new DeviceMapperException(device, operation, errno, "");
            }
            if (!waited)
            {
                throw new DeviceMapperException(device, operation, 0, "done, but waiting for udev to process it failed");
            }
        }

        public DmInfo? Info(string name)
        {
            var native = default(LibDevMapper.DmInfoNative);
            if (LibDevMapper.TaskGetInfo(Handle, ref native) == 0)
            {
                throw Failure("cannot read the device info");
            }
            if (native.Exists == 0)
            {
                return null;
            }
            var uuidPtr = LibDevMapper.TaskGetUuid(Handle);
            var uuid = uuidPtr == 0 ? "" : Marshal.PtrToStringUTF8(uuidPtr) ?? "";
            return new DmInfo(name, uuid, (int)native.Major, (int)native.Minor, native.OpenCount, native.EventNr,
                native.Suspended != 0, native.LiveTable != 0, native.InactiveTable != 0, native.ReadOnly != 0,
                native.TargetCount, native.DeferredRemove != 0);
        }

        public void Require(int libraryResult, string detail)
        {
            if (libraryResult == 0)
            {
                throw Failure(detail);
            }
        }

        public DeviceMapperException Failure(string detail) =>
            new(device, operation, LibDevMapper.TaskGetErrno(Handle), detail);

        public void Dispose() => LibDevMapper.TaskDestroy(Handle);
    }
}
