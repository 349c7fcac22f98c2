using System.Runtime.InteropServices;

namespace Mpath.Linux.Native;

/// <summary>
/// The few libdevmapper entry points mpath uses. Debian ships the library as libdevmapper.so.1.02.1
/// (package libdevmapper1.02.1); it is the library multipath-tools itself uses, and it takes care of
/// udev synchronisation (cookies) for us.
/// </summary>
internal static partial class LibDevMapper
{
    private const string Library = "libdevmapper.so.1.02.1";

    // enum dm_task_type in libdevmapper.h (values are ABI).
    public const int DeviceCreate = 0;
    public const int DeviceReload = 1;
    public const int DeviceRemove = 2;
    public const int DeviceSuspend = 4;
    public const int DeviceResume = 5;
    public const int DeviceInfo = 6;
    public const int DeviceStatus = 10;
    public const int DeviceTable = 11;
    public const int DeviceWaitEvent = 12;
    public const int DeviceList = 13;
    public const int DeviceTargetMessage = 17;

    /// <summary>DM_UDEV_DISABLE_LIBRARY_FALLBACK: udev rules create the /dev/mapper nodes, not the library.</summary>
    public const ushort UdevDisableLibraryFallback = 0x0020;

    /// <summary>
    /// DM_SUBSYSTEM_UDEV_FLAG2, which dm-multipath's udev rules read as "no usable path yet": the device is left alone
    /// by upper layers (no scanning, no partitions, not ready for systemd) until a later change event clears it.
    /// </summary>
    public const ushort UdevMultipathNoPaths = 0x0400;

    /// <summary>struct dm_info; padded at the end in case a newer library appends fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct DmInfoNative
    {
        public int Exists;
        public int Suspended;
        public int LiveTable;
        public int InactiveTable;
        public int OpenCount;
        public uint EventNr;
        public uint Major;
        public uint Minor;
        public int ReadOnly;
        public int TargetCount;
        public int DeferredRemove;
        public int InternalSuspend;
        public long Reserved0;
        public long Reserved1;
    }

    [LibraryImport(Library, EntryPoint = "dm_task_create")]
    public static partial nint TaskCreate(int type);

    [LibraryImport(Library, EntryPoint = "dm_task_destroy")]
    public static partial void TaskDestroy(nint task);

    [LibraryImport(Library, EntryPoint = "dm_task_set_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TaskSetName(nint task, string name);

    [LibraryImport(Library, EntryPoint = "dm_task_set_uuid", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TaskSetUuid(nint task, string uuid);

    [LibraryImport(Library, EntryPoint = "dm_task_add_target", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TaskAddTarget(nint task, ulong start, ulong size, string targetType, string parameters);

    [LibraryImport(Library, EntryPoint = "dm_task_set_message", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TaskSetMessage(nint task, string message);

    [LibraryImport(Library, EntryPoint = "dm_task_set_sector")]
    public static partial int TaskSetSector(nint task, ulong sector);

    [LibraryImport(Library, EntryPoint = "dm_task_set_event_nr")]
    public static partial int TaskSetEventNr(nint task, uint eventNr);

    [LibraryImport(Library, EntryPoint = "dm_task_set_cookie")]
    public static partial int TaskSetCookie(nint task, ref uint cookie, ushort udevFlags);

    [LibraryImport(Library, EntryPoint = "dm_task_no_flush")]
    public static partial int TaskNoFlush(nint task);

    [LibraryImport(Library, EntryPoint = "dm_task_deferred_remove")]
    public static partial int TaskDeferredRemove(nint task);

    [LibraryImport(Library, EntryPoint = "dm_task_run")]
    public static partial int TaskRun(nint task);

    [LibraryImport(Library, EntryPoint = "dm_task_get_errno")]
    public static partial int TaskGetErrno(nint task);

    [LibraryImport(Library, EntryPoint = "dm_task_get_info")]
    public static partial int TaskGetInfo(nint task, ref DmInfoNative info);

    [LibraryImport(Library, EntryPoint = "dm_task_get_uuid")]
    public static partial nint TaskGetUuid(nint task);

    [LibraryImport(Library, EntryPoint = "dm_task_get_names")]
    public static partial nint TaskGetNames(nint task);

    [LibraryImport(Library, EntryPoint = "dm_task_get_message_response")]
    public static partial nint TaskGetMessageResponse(nint task);

    [LibraryImport(Library, EntryPoint = "dm_get_next_target")]
    public static partial nint GetNextTarget(nint task, nint next, out ulong start, out ulong length, out nint targetType, out nint parameters);

    [LibraryImport(Library, EntryPoint = "dm_udev_wait")]
    public static partial int UdevWait(uint cookie);

    /// <summary>Non-blocking dm_udev_wait: <paramref name="ready"/> is set once udev is done (the cookie is then released).</summary>
    [LibraryImport(Library, EntryPoint = "dm_udev_wait_immediate")]
    public static partial int UdevWaitImmediate(uint cookie, out int ready);

    /// <summary>What udev's rules do when they are done with a cookie (dmsetup udevcomplete).</summary>
    [LibraryImport(Library, EntryPoint = "dm_udev_complete")]
    public static partial int UdevComplete(uint cookie);

    [LibraryImport(Library, EntryPoint = "dm_udev_set_sync_support")]
    public static partial void UdevSetSyncSupport(int syncWithUdev);

    [LibraryImport(Library, EntryPoint = "dm_lib_release")]
    public static partial void LibRelease();
}
