namespace Mpath.Linux.Scsi;

/// <summary>Sense keys (SPC-4 table 48).</summary>
public enum SenseKey
{
    NoSense = 0x0,
    RecoveredError = 0x1,
    NotReady = 0x2,
    MediumError = 0x3,
    HardwareError = 0x4,
    IllegalRequest = 0x5,
    UnitAttention = 0x6,
    DataProtect = 0x7,
    BlankCheck = 0x8,
    VendorSpecific = 0x9,
    CopyAborted = 0xa,
    AbortedCommand = 0xb,
    VolumeOverflow = 0xd,
    Miscompare = 0xe,
    Completed = 0xf,
}

/// <summary>Decoded sense data (fixed or descriptor format): key, additional sense code and qualifier.</summary>
public sealed record SenseData(SenseKey Key, byte Asc, byte Ascq)
{
    /// <summary>NOT READY, ASC/ASCQ 04/0B: logical unit not accessible, target port in standby state.</summary>
    public bool IsStandby => Key == SenseKey.NotReady && Asc == 0x04 && Ascq == 0x0b;

    /// <summary>NOT READY, 04/0A: asymmetric access state transition.</summary>
    public bool IsTransitioning => Key == SenseKey.NotReady && Asc == 0x04 && Ascq == 0x0a;

    /// <summary>NOT READY, 04/0C: target port in unavailable state.</summary>
    public bool IsUnavailable => Key == SenseKey.NotReady && Asc == 0x04 && Ascq == 0x0c;

    /// <summary>Parses sense bytes as SG_IO returns them; null when there are none or the format is unknown.</summary>
    public static SenseData? TryParse(ReadOnlySpan<byte> sense)
    {
        if (sense.Length < 4)
        {
            return null;
        }
        var responseCode = sense[0] & 0x7f;
        switch (responseCode)
        {
            case 0x72 or 0x73:
                return new SenseData((SenseKey)(sense[1] & 0x0f), sense[2], sense[3]);
            case 0x70 or 0x71:
                var key = (SenseKey)(sense[2] & 0x0f);
                // Fixed format: ASC/ASCQ at 12/13 are only there when the additional length covers them.
                return sense.Length >= 14 ? new SenseData(key, sense[12], sense[13]) : new SenseData(key, 0, 0);
            default:
                return null;
        }
    }

    public string KeyText => SenseText.Key(Key);

    public string CodeText => SenseText.AdditionalSense(Asc, Ascq);

    public override string ToString() => $"sense key {KeyText}, asc/ascq {Asc:x2}/{Ascq:x2} ({CodeText})";
}
