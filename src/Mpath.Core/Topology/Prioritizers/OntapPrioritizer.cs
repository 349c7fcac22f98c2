using Mpath.Core.Model;

namespace Mpath.Core.Topology.Prioritizers;

/// <summary>
/// <c>ontap</c> (NetApp): by transport - 4 FCP non-proxy (or unknown), 3 iSCSI HBA, 2 iSCSI
/// software initiator, 1 FCP proxy (partner) path. ProbeData <c>ontap.gva</c>: hex of the
/// vendor GET VOLUME ATTRIBUTES page 0x41 response; <c>ontap.proxy</c>: hex of INQUIRY VPD 0xC1.
/// </summary>
public static class OntapPrioritizer
{
    public const string GvaKey = "ontap.gva";
    public const string ProxyKey = "ontap.proxy";

    public static PriorityResult Compute(PathInfo path, PrioritizerInput input)
    {
        var gva = ProbeBytes.TryDecodeHex(path.ProbeData.GetValueOrDefault(GvaKey));
        if (gva is null)
            return new PriorityResult(0, "no GET VOLUME ATTRIBUTES response");
        if (gva.Length < 8 || gva[4] != 0x0A || gva[5] != 0x98 || gva[6] != 0x0A || gva[7] != 0x01)
            return new PriorityResult(0, "GET VOLUME ATTRIBUTES returned the wrong format");
        var totalLength = (gva[0] << 24) | (gva[1] << 16) | (gva[2] << 8) | gva[3];
        if (totalLength > 8 && gva.Length > 12 && gva[8] == 0x41)
        {
            var initiator = ProbeBytes.Text(gva, 12, 6);
            if (initiator.StartsWith("ism_sw", StringComparison.Ordinal) || initiator.StartsWith("iswt", StringComparison.Ordinal))
                return PriorityResult.Of(2);
            if (initiator.StartsWith("ism_sn", StringComparison.Ordinal))
                return PriorityResult.Of(3);
        }
        return PriorityResult.Of(IsProxyPath(path) ? 1 : 4);
    }

    private static bool IsProxyPath(PathInfo path)
    {
        var page = ProbeBytes.TryDecodeHex(path.ProbeData.GetValueOrDefault(ProxyKey));
        if (page is null || page.Length < 20)
            return false;
        if (page[1] != 0xC1 || page[8] != 0x0A || page[9] != 0x98 || page[10] != 0x0A || page[11] != 0x00 || page[12] != 0xC1 || page[13] != 0x00)
            return false;
        return (page[19] & 0x02) != 0;
    }
}
