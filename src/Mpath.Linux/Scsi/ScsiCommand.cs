namespace Mpath.Linux.Scsi;

public enum ScsiDataDirection
{
    None,
    ToDevice,
    FromDevice,
}

/// <summary>A SCSI command to send through SG_IO: the CDB, the data phase and the timeout (checker_timeout).</summary>
public sealed record ScsiCommand(byte[] Cdb, ScsiDataDirection Direction, int TransferLength, TimeSpan Timeout)
{
    /// <summary>Data sent with a <see cref="ScsiDataDirection.ToDevice"/> command (STPG parameter list).</summary>
    public byte[]? DataOut { get; init; }
}

/// <summary>What came back from SG_IO.</summary>
public sealed record ScsiResult(byte Status, ushort HostStatus, ushort DriverStatus, byte[] Sense, byte[] Data)
{
    /// <summary>GOOD status, no transport or driver error.</summary>
    public bool Ok => Status == 0 && HostStatus == 0 && !DriverError && Sense.Length == 0;

    /// <summary>
    /// The driver status says something beyond DRIVER_SENSE (0x08), which only announces that sense
    /// data came back - the status byte and the sense already tell that story.
    /// </summary>
    public bool DriverError => (DriverStatus & 0x0f) is not 0 and not 0x08;

    /// <summary>
    /// CHECK CONDITION with RECOVERED ERROR and no transport or driver error: the command completed, the device only
    /// reports that it had to recover (retries, ECC, a failure prediction threshold) - its data is valid.
    /// </summary>
    public bool Recovered => HostStatus == 0 && !DriverError && SenseData?.Key == SenseKey.RecoveredError;

    /// <summary>The decoded sense data, or null when the device returned none.</summary>
    public SenseData? SenseData => Scsi.SenseData.TryParse(Sense);

    /// <summary>A readable account of a failure (status, host/driver status, sense).</summary>
    public string Describe()
    {
        if (Ok)
        {
            return "good";
        }
        var parts = new List<string>();
        if (HostStatus != 0)
        {
            parts.Add(ScsiStatusText.Host(HostStatus));
        }
        if (DriverError)
        {
            parts.Add((DriverStatus & 0x0f) == 6 ? "driver timeout" : $"driver status 0x{DriverStatus:x2}");
        }
        if (Status != 0)
        {
            parts.Add(ScsiStatusText.Status(Status));
        }
        if (SenseData is { } sense)
        {
            parts.Add(sense.ToString());
        }
        return parts.Count == 0 ? "good" : string.Join(", ", parts);
    }
}

/// <summary>Sends SCSI commands to a device node (SG_IO). Tests substitute scripted transports.</summary>
public interface IScsiTransport
{
    /// <summary>Runs <paramref name="command"/> on <paramref name="devicePath"/>; throws <see cref="ScsiTransportException"/> when the ioctl itself fails.</summary>
    ScsiResult Execute(string devicePath, ScsiCommand command);

    /// <summary>A transport that keeps device nodes open closes this one (the path is gone or names another disk).</summary>
    void Forget(string devicePath)
    {
    }
}

/// <summary>The device could not be opened or the SG_IO ioctl failed (not a SCSI status).</summary>
public sealed class ScsiTransportException : Exception
{
    public ScsiTransportException(string devicePath, string operation, int errno)
        : base($"{devicePath}: {operation} failed: {Native.LibC.ErrorText(errno)} (errno {errno})")
    {
        Errno = errno;
    }

    public ScsiTransportException()
    {
    }

    public ScsiTransportException(string message) : base(message)
    {
    }

    public ScsiTransportException(string message, Exception inner) : base(message, inner)
    {
    }

    public int Errno { get; }
}
