namespace Mpath.Core.Model;

/// <summary>ALUA asymmetric access states (SPC-4 REPORT TARGET PORT GROUPS), by their wire value.</summary>
public enum AluaAccessState
{
    ActiveOptimized = 0x0,
    ActiveNonOptimized = 0x1,
    Standby = 0x2,
    Unavailable = 0x3,
    LbaDependent = 0x4,
    Offline = 0xe,
    Transitioning = 0xf,
}

/// <summary>What RTPG (or sysfs access_state) says about the target port group a path goes through.</summary>
public sealed record AluaInfo(int TargetPortGroup, AluaAccessState State, bool Preferred);

/// <summary>
/// Everything discovery knows about one path (a SCSI or NVMe block device). Immutable: a rescan
/// produces a new record. Prioritizer inputs beyond ALUA travel in <see cref="ProbeData"/>.
/// </summary>
public sealed record PathInfo(
    string Dev,
    string DevT,
    string Hbtl,
    string Vendor,
    string Product,
    string Revision,
    string Wwid,
    string Serial = "",
    string TargetNodeName = "",
    string Protocol = "scsi:unspec",
    long SizeSectors = 0,
    AluaInfo? Alua = null)
{
    /// <summary>Inputs for prioritizers other than alua (emc/rdac/hp_sw/hds/ontap/... probe results), keyed by prioritizer name.</summary>
    public IReadOnlyDictionary<string, string> ProbeData { get; init; } = EmptyProbeData;

    private static readonly IReadOnlyDictionary<string, string> EmptyProbeData = new Dictionary<string, string>();
}
