using Mpath.Core.Model;

namespace Mpath.Linux.Scsi;

/// <summary>
/// The fields of the EMC CLARiiON / VNX vendor VPD page 0xC0 (unit path report) the emc_clariion checker judges.
/// Offsets are the ones the array documents for page revision 0.
/// </summary>
public sealed record ClariionUnitPage(
    byte PageRevision,
    ClariionLunState LunState,
    byte[] LunWwn,
    byte InitiatorType,
    int FailoverMode,
    bool ArrayCommPath,
    byte LunOperations)
{
    public const byte PageCode = 0xc0;

    /// <summary>The page is read with this allocation length (it is 128 bytes long on every CLARiiON/VNX).</summary>
    public const ushort Length = 128;

    /// <summary>Bytes needed to reach the last field this record holds (LUN operations, byte 48).</summary>
    public const int MinimumLength = 49;

    /// <summary>Effective initiator type 3: the host registered as a multipath-capable initiator.</summary>
    public const byte MultipathInitiator = 0x03;

    /// <summary>Failover modes 4 (PNR, passive not ready) and 6 (ALUA), the ones multipath handles.</summary>
    public bool FailoverModeSupported => FailoverMode is 4 or 6;

    /// <summary>The LUN WWN as lower-case hex (16 bytes, 32 digits).</summary>
    public string LunWwnHex => Convert.ToHexString(LunWwn).ToLowerInvariant();

    /// <summary>Decodes page 0xC0; null when the data is not that page or too short.</summary>
    public static ClariionUnitPage? Parse(ReadOnlySpan<byte> page)
    {
        if (page.Length < MinimumLength || page[1] != PageCode)
        {
            return null;
        }
        return new ClariionUnitPage(page[9], (ClariionLunState)page[4], page.Slice(10, 16).ToArray(), page[27], page[28] & 0x07,
            (page[30] & 0x04) != 0, page[48]);
    }
}

/// <summary>Byte 4 of page 0xC0: how the LUN relates to the storage processor (SP) this path goes to.</summary>
public enum ClariionLunState : byte
{
    /// <summary>Not bound to any RAID group, or the LUNZ placeholder the array shows hosts without storage.</summary>
    Unbound = 0,
    /// <summary>Bound, owned by the peer SP: this is a passive path.</summary>
    BoundToPeer = 1,
    /// <summary>Bound and owned by this SP: this is the active path.</summary>
    Owned = 2,
}

/// <summary>
/// The fields of the LSI/Engenio (NetApp E-series, IBM DS3k/4k/5k, Dell MD3, SGI IS, Sun ST) vendor VPD page 0xC9,
/// "volume access control", the rdac checker judges.
/// </summary>
public sealed record RdacVolumeAccessPage(
    int PeripheralQualifier,
    int PeripheralDeviceType,
    bool AutoVolumeTransfer,
    bool IoShipping,
    bool TargetPortGroupDataValid,
    bool OwnedByThisController,
    AluaAccessState CurrentState,
    byte CurrentUnavailableReason,
    AluaAccessState AlternateState)
{
    public const byte PageCode = 0xc9;

    /// <summary>The page is read with this allocation length (the fixed part of the page).</summary>
    public const ushort Length = 48;

    /// <summary>Bytes needed to reach the last field this record holds (alternate controller state, byte 12).</summary>
    public const int MinimumLength = 13;

    /// <summary>
    /// A disk (device type 0) with a peripheral qualifier of 0 or 4 (the vendor-specific bit alone): any other
    /// qualifier (1 "not connected", 2, 3) or device type means no volume is mapped to this LUN on this path.
    /// </summary>
    public bool LunConnected => PeripheralDeviceType == 0 && (PeripheralQualifier & 0x3) == 0;

    /// <summary>Decodes page 0xC9; null when the data is not that page or too short.</summary>
    public static RdacVolumeAccessPage? Parse(ReadOnlySpan<byte> page)
    {
        if (page.Length < MinimumLength || page[1] != PageCode)
        {
            return null;
        }
        var flags = page[8];
        return new RdacVolumeAccessPage(page[0] >> 5, page[0] & 0x1f,
            AutoVolumeTransfer: (flags & 0x80) != 0,
            IoShipping: (flags & 0x20) != 0,
            TargetPortGroupDataValid: (flags & 0x10) != 0,
            OwnedByThisController: (flags & 0x01) != 0,
            (AluaAccessState)(page[10] & 0x0f), page[11], (AluaAccessState)(page[12] & 0x0f));
    }
}
