using Mpath.Core.Model;

namespace Mpath.Core.Topology.Prioritizers;

/// <summary>
/// <c>emc</c> (CLARiiON/VNX): 1 when this path goes to the LUN's default owner SP, else 0.
/// ProbeData <c>emc</c>: hex of the INQUIRY VPD page 0xC0 response.
/// </summary>
public static class EmcPrioritizer
{
    public const string Key = "emc";

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        var page = ProbeBytes.TryDecodeHex(path.ProbeData.GetValueOrDefault(Key));
        if (page is null)
            return new PriorityResult(0, "no page 0xC0 response");
        if (page.Length < 49 || page[1] != 0xC0 || page[9] != 0x00)
            return new PriorityResult(0, "path unit report page in unknown format");
        // Byte 5 is the SP this path reaches, byte 8 the LUN's default owner.
        return PriorityResult.Of(page[5] == page[8] ? 1 : 0);
    }
}

/// <summary>
/// <c>rdac</c> (LSI/NetApp E-series, IBM DS): bit 0x02 when the controller behind this path owns
/// the volume, plus 0x04 for the preferred path or 0x01 for the secondary one (0..6).
/// ProbeData <c>rdac</c>: hex of the INQUIRY VPD page 0xC9 response.
/// </summary>
public static class RdacPrioritizer
{
    public const string Key = "rdac";

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        var page = ProbeBytes.TryDecodeHex(path.ProbeData.GetValueOrDefault(Key));
        if (page is null)
            return new PriorityResult(0, "no page 0xC9 response");
        if (page.Length < 10 || page[1] != 0xC9 || page[3] != 0x2C || page[4] != 'v' || page[5] != 'a' || page[6] != 'c')
            return new PriorityResult(0, "volume access control page in unknown format");
        var priority = 0;
        if ((page[8] & 0x01) == 0x01)
            priority |= 0x02;
        switch (page[9] & 0x0F)
        {
            case 0x01: priority |= 0x04; break;
            case 0x02: priority |= 0x01; break;
        }
        return PriorityResult.Of(priority);
    }
}

/// <summary>
/// <c>hp_sw</c> (HP active/standby): TEST UNIT READY outcome - 4 active, 2 standby
/// (NOT READY, 04/02), 0 failed. ProbeData <c>hp_sw</c>: <c>good</c>, <c>error</c>, or the
/// hex sense data of a CHECK CONDITION (fixed or descriptor format).
/// </summary>
public static class HpSwPrioritizer
{
    public const string Key = "hp_sw";
    public const int Active = 4;
    public const int StandbyPath = 2;
    public const int FailedPath = 0;

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        if (!path.ProbeData.TryGetValue(Key, out var outcome))
            return new PriorityResult(FailedPath, "no TEST UNIT READY result");
        if (outcome.Trim() == "good")
            return PriorityResult.Of(Active);
        var sense = ProbeBytes.TryDecodeHex(outcome);
        if (sense is null || sense.Length <= 2)
            return new PriorityResult(FailedPath, "TEST UNIT READY failed without sense data");
        int key, asc, ascq;
        if ((sense[0] & 0x2) != 0)
        {
            key = sense[1] & 0xF;
            asc = sense[2];
            ascq = sense.Length > 3 ? sense[3] : 0;
        }
        else
        {
            key = sense[2] & 0xF;
            asc = sense.Length > 12 ? sense[12] : 0;
            ascq = sense.Length > 13 ? sense[13] : 0;
        }
        return key switch
        {
            0x1 => PriorityResult.Of(Active),
            0x2 when asc == 0x04 && ascq == 0x02 => PriorityResult.Of(StandbyPath),
            0x6 when asc == 0x29 => new PriorityResult(FailedPath, "unit attention after reset: the probe should be retried"),
            _ => PriorityResult.Of(FailedPath),
        };
    }
}

/// <summary>
/// <c>hds</c> (Hitachi modular): static balancing, 1 when the controller number and the LDEV's
/// last hex digit are both even or both odd, else 0. ProbeData <c>hds</c>: hex of the standard
/// INQUIRY response (LDEV at bytes 44-47, controller at byte 49).
/// </summary>
public static class HdsPrioritizer
{
    public const string Key = "hds";

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        var inquiry = ProbeBytes.TryDecodeHex(path.ProbeData.GetValueOrDefault(Key));
        if (inquiry is null || inquiry.Length < 50)
            return PriorityResult.Failed("no standard INQUIRY response");
        var ldevDigit = (char)inquiry[47];
        var controller = (char)inquiry[49];
        var ldevEven = "02468ACE".Contains(ldevDigit, StringComparison.Ordinal);
        var ldevOdd = "13579BDF".Contains(ldevDigit, StringComparison.Ordinal);
        if (!ldevEven && !ldevOdd)
            return PriorityResult.Failed($"unexpected LDEV digit '{ldevDigit}'");
        if ("02468".Contains(controller, StringComparison.Ordinal))
            return PriorityResult.Of(ldevEven ? 1 : 0);
        if ("13579".Contains(controller, StringComparison.Ordinal))
            return PriorityResult.Of(ldevOdd ? 1 : 0);
        return PriorityResult.Failed($"unexpected controller '{controller}'");
    }
}
