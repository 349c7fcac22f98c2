using Mpath.Core.Model;

namespace Mpath.Linux.Scsi;

/// <summary>The SCSI queries discovery and prioritizers need, on top of an <see cref="IScsiTransport"/>.</summary>
public sealed class ScsiDevice(IScsiTransport transport, string devicePath, TimeSpan timeout)
{
    /// <summary>How often a command that met a unit attention is sent again.</summary>
    public const int UnitAttentionRetries = 3;

    public string DevicePath { get; } = devicePath;

    public ScsiResult TestUnitReady() =>
        transport.Execute(DevicePath, new ScsiCommand(ScsiCdb.TestUnitReady(), ScsiDataDirection.None, 0, timeout));

    /// <summary>Standard INQUIRY; null when the device rejects it or answers too little.</summary>
    public StandardInquiry? Inquiry()
    {
        var result = transport.Execute(DevicePath, new ScsiCommand(ScsiCdb.Inquiry(null, 96), ScsiDataDirection.FromDevice, 96, timeout));
        return result.Ok ? StandardInquiry.Parse(result.Data) : null;
    }

    /// <summary>A VPD page's bytes, or null when the device rejects the request.</summary>
    public byte[]? VpdPage(byte page)
    {
        var result = transport.Execute(DevicePath, new ScsiCommand(ScsiCdb.Inquiry(page, 4096), ScsiDataDirection.FromDevice, 4096, timeout));
        return result.Ok && result.Data.Length >= 4 && result.Data[1] == page ? result.Data : null;
    }

    public string UnitSerial() => VpdPage(VpdPages.UnitSerialNumber) is { } page ? VpdPages.ParseUnitSerial(page) : "";

    public IReadOnlyList<Designator> DeviceIdentification() =>
        VpdPage(VpdPages.DeviceIdentification) is { } page ? VpdPages.ParseDeviceIdentification(page) : [];

    /// <summary>REPORT TARGET PORT GROUPS; throws <see cref="ScsiCommandException"/> with the decoded sense on failure.</summary>
    public IReadOnlyList<TargetPortGroupDescriptor> ReportTargetPortGroups()
    {
        const int length = 4096;
        var command = new ScsiCommand(ScsiCdb.ReportTargetPortGroups(length), ScsiDataDirection.FromDevice, length, timeout);
        var result = transport.Execute(DevicePath, command);
        // A unit attention (typically "asymmetric access state changed" after another port's STPG) only
        // reports an event; it is consumed by this command, so the question is simply asked again.
        for (var retry = 0; retry < UnitAttentionRetries && result.SenseData?.Key == SenseKey.UnitAttention; retry++)
        {
            result = transport.Execute(DevicePath, command);
        }
        return result.Ok ? TargetPortGroups.Parse(result.Data) : throw new ScsiCommandException(DevicePath, "REPORT TARGET PORT GROUPS", result);
    }

    /// <summary>SET TARGET PORT GROUPS (explicit ALUA transition).</summary>
    public void SetTargetPortGroups(IReadOnlyList<(int TargetPortGroup, AluaAccessState State)> groups)
    {
        var parameters = ScsiCdb.SetTargetPortGroupsParameters(groups);
        var command = new ScsiCommand(ScsiCdb.SetTargetPortGroups((uint)parameters.Length), ScsiDataDirection.ToDevice, parameters.Length, timeout)
        {
            DataOut = parameters,
        };
        var result = transport.Execute(DevicePath, command);
        if (!result.Ok)
        {
            throw new ScsiCommandException(DevicePath, "SET TARGET PORT GROUPS", result);
        }
    }

    /// <summary>
    /// The ALUA state of the group this path belongs to, by RTPG; the port's group/relative port id
    /// come from VPD 0x83 unless the caller already knows them. Null when the device is not ALUA.
    /// </summary>
    public AluaInfo? Alua(int? knownGroup = null, int? knownPort = null)
    {
        var (group, port) = knownGroup is null && knownPort is null ? VpdPages.PortIdentity(DeviceIdentification()) : (knownGroup, knownPort);
        if (group is null && port is null)
        {
            return null;
        }
        return TargetPortGroups.ForPath(ReportTargetPortGroups(), group, port);
    }
}

/// <summary>A SCSI command completed with an error status; the message carries the decoded sense.</summary>
public sealed class ScsiCommandException : Exception
{
    public ScsiCommandException(string devicePath, string command, ScsiResult result)
        : base($"{devicePath}: {command} failed: {result.Describe()}")
    {
        Result = result;
    }

    public ScsiCommandException()
    {
    }

    public ScsiCommandException(string message) : base(message)
    {
    }

    public ScsiCommandException(string message, Exception inner) : base(message, inner)
    {
    }

    public ScsiResult? Result { get; }
}
