namespace Mpath.Linux.Scsi;

/// <summary>Readable names for sense keys and the additional sense codes path checking runs into.</summary>
public static class SenseText
{
    public static string Key(SenseKey key) => key switch
    {
        SenseKey.NoSense => "no sense",
        SenseKey.RecoveredError => "recovered error",
        SenseKey.NotReady => "not ready",
        SenseKey.MediumError => "medium error",
        SenseKey.HardwareError => "hardware error",
        SenseKey.IllegalRequest => "illegal request",
        SenseKey.UnitAttention => "unit attention",
        SenseKey.DataProtect => "data protect",
        SenseKey.BlankCheck => "blank check",
        SenseKey.VendorSpecific => "vendor specific",
        SenseKey.CopyAborted => "copy aborted",
        SenseKey.AbortedCommand => "aborted command",
        SenseKey.VolumeOverflow => "volume overflow",
        SenseKey.Miscompare => "miscompare",
        SenseKey.Completed => "completed",
        _ => $"reserved (0x{(int)key:x})",
    };

    /// <summary>SPC-4 ASC/ASCQ texts for the common cases; anything else is printed numerically.</summary>
    public static string AdditionalSense(byte asc, byte ascq) => (asc, ascq) switch
    {
        (0x00, 0x00) => "no additional sense information",
        (0x04, 0x00) => "logical unit not ready, cause not reportable",
        (0x04, 0x01) => "logical unit is in process of becoming ready",
        (0x04, 0x02) => "logical unit not ready, initializing command required",
        (0x04, 0x03) => "logical unit not ready, manual intervention required",
        (0x04, 0x0a) => "logical unit not accessible, asymmetric access state transition",
        (0x04, 0x0b) => "logical unit not accessible, target port in standby state",
        (0x04, 0x0c) => "logical unit not accessible, target port in unavailable state",
        (0x04, 0x12) => "logical unit not ready, offline",
        (0x05, 0x00) => "logical unit does not respond to selection",
        (0x11, 0x00) => "unrecovered read error",
        (0x20, 0x00) => "invalid command operation code",
        (0x24, 0x00) => "invalid field in cdb",
        (0x25, 0x00) => "logical unit not supported",
        (0x26, 0x00) => "invalid field in parameter list",
        (0x28, 0x00) => "not ready to ready change, medium may have changed",
        (0x29, 0x00) => "power on, reset, or bus device reset occurred",
        (0x29, 0x01) => "power on occurred",
        (0x29, 0x02) => "scsi bus reset occurred",
        (0x29, 0x03) => "bus device reset function occurred",
        (0x29, 0x04) => "device internal reset",
        (0x29, 0x07) => "i_t nexus loss occurred",
        (0x2a, 0x01) => "mode parameters changed",
        (0x2a, 0x06) => "asymmetric access state changed",
        (0x2a, 0x07) => "implicit asymmetric access state transition failed",
        (0x2a, 0x09) => "capacity data has changed",
        (0x2a, 0x10) => "timestamp changed",
        (0x3a, 0x00) => "medium not present",
        (0x3f, 0x03) => "inquiry data has changed",
        (0x3f, 0x0e) => "reported luns data has changed",
        (0x44, 0x00) => "internal target failure",
        (0x4b, 0x00) => "data phase error",
        (0x55, 0x03) => "insufficient resources",
        _ => $"asc 0x{asc:x2} ascq 0x{ascq:x2}",
    };
}

/// <summary>Names for the SCSI status byte and the Linux SG_IO host status codes.</summary>
public static class ScsiStatusText
{
    public static string Status(byte status) => (status & 0xfe) switch
    {
        0x00 => "good",
        0x02 => "check condition",
        0x04 => "condition met",
        0x08 => "busy",
        0x18 => "reservation conflict",
        0x28 => "task set full",
        0x30 => "aca active",
        0x40 => "task aborted",
        _ => $"status 0x{status:x2}",
    };

    public static string Host(ushort hostStatus) => hostStatus switch
    {
        0x00 => "ok",
        0x01 => "no connect",
        0x02 => "bus busy",
        0x03 => "command timed out",
        0x04 => "bad target",
        0x05 => "aborted",
        0x06 => "parity error",
        0x07 => "internal error",
        0x08 => "reset",
        0x09 => "bad interrupt",
        0x0a => "passthrough",
        0x0b => "soft error, retry",
        0x0c => "imm retry",
        0x0d => "requeue",
        0x0e => "transport disrupted",
        0x0f => "transport failfast",
        0x11 => "transport marginal",
        _ => $"host status 0x{hostStatus:x2}",
    };
}
