using Mpath.Core.Model;
using Mpath.Core.Topology;
using Mpath.Core.Topology.Prioritizers;

namespace Mpath.Core.Tests.Topology;

public class PrioritizerTests
{
    private static readonly PathInfo Plain = new("sda", "8:0", "3:0:1:7", "V", "P", "R", "wwid1", Serial: "SN123");

    private static PrioritizerInput Args(string args = "") => new(args, new Random(1));

    private static PathInfo WithProbe(string key, string value) => Plain with { ProbeData = new Dictionary<string, string> { [key] = value } };

    [Theory]
    // state, pref, exclusive_pref_bit, expected
    [InlineData(AluaAccessState.ActiveOptimized, false, false, 50)]
    [InlineData(AluaAccessState.ActiveOptimized, true, false, 50)]
    [InlineData(AluaAccessState.ActiveOptimized, true, true, 130)]
    [InlineData(AluaAccessState.ActiveOptimized, false, true, 50)]
    [InlineData(AluaAccessState.ActiveNonOptimized, false, false, 10)]
    [InlineData(AluaAccessState.ActiveNonOptimized, true, false, 90)]
    [InlineData(AluaAccessState.ActiveNonOptimized, true, true, 90)]
    [InlineData(AluaAccessState.LbaDependent, false, false, 5)]
    [InlineData(AluaAccessState.LbaDependent, true, false, 85)]
    [InlineData(AluaAccessState.Standby, false, false, 1)]
    [InlineData(AluaAccessState.Standby, true, false, 81)]
    [InlineData(AluaAccessState.Standby, true, true, 81)]
    [InlineData(AluaAccessState.Unavailable, false, false, 0)]
    [InlineData(AluaAccessState.Unavailable, true, false, 80)]
    [InlineData(AluaAccessState.Transitioning, false, false, 0)]
    [InlineData(AluaAccessState.Transitioning, true, true, 80)]
    [InlineData(AluaAccessState.Offline, false, false, 0)]
    public void Alua_value_table(AluaAccessState state, bool preferred, bool exclusive, int expected)
    {
        var path = Plain with { Alua = new AluaInfo(1, state, preferred) };
        var result = AluaPrioritizer.Compute(path, Args(exclusive ? "exclusive_pref_bit" : ""));
        Assert.Equal(expected, result.Priority);
    }

    [Theory]
    [InlineData("exclusive_pref_bit", true)]
    [InlineData("  exclusive_pref_bit\t", true)]
    [InlineData("foo exclusive_pref_bit", true)]
    [InlineData("exclusive_pref_bits", false)]
    [InlineData("xexclusive_pref_bit", false)]
    [InlineData("", false)]
    public void Exclusive_pref_bit_must_be_a_whole_word(string args, bool expected) =>
        Assert.Equal(expected, AluaPrioritizer.HasExclusivePrefBit(args));

    [Fact]
    public void Alua_without_alua_information_falls_back_to_const()
    {
        var result = PrioritizerRegistry.Compute("alua", Plain, "", new Random(1));
        Assert.Equal(1, result.Priority);
        Assert.Equal("const", result.Prioritizer);
        Assert.NotNull(result.Reason);
    }

    [Theory]
    [InlineData("active/optimized", "0", "", 50)]
    [InlineData("active/optimized", "1", "", 50)]
    [InlineData("active/optimized", "1", "exclusive_pref_bit", 130)]
    [InlineData("active/non-optimized", "1", "", 90)]
    [InlineData("active/non-optimized", "0", "", 10)]
    [InlineData("lba-dependent", "0", "", 5)]
    [InlineData("standby", "1", "", 81)]
    [InlineData("unavailable", "0", "", 0)]
    [InlineData("transitioning", "1", "", 80)]
    public void Sysfs_value_table(string accessState, string preferred, string args, int expected)
    {
        var path = Plain with { ProbeData = new Dictionary<string, string> { ["sysfs"] = accessState, ["sysfs.preferred"] = preferred } };
        Assert.Equal(expected, SysfsPrioritizer.Compute(path, Args(args)).Priority);
    }

    [Fact]
    public void Sysfs_without_access_state_is_undefined() =>
        Assert.Equal(PriorityResult.Undefined, PrioritizerRegistry.Compute("sysfs", Plain, "", new Random(1)).Priority);

    [Theory]
    [InlineData("optimized", 50)]
    [InlineData("non-optimized", 10)]
    [InlineData("inaccessible", 1)]
    [InlineData("change", 1)]
    [InlineData("persistent-loss", 0)]
    [InlineData("2", 10)]
    [InlineData("bogus", -1)]
    public void Ana_value_table(string state, int expected) =>
        Assert.Equal(expected, PrioritizerRegistry.Compute("ana", WithProbe("ana", state), "", new Random(1)).Priority);

    [Fact]
    public void Const_is_one() => Assert.Equal(1, ConstPrioritizer.Compute(Plain, Args()).Priority);

    [Fact]
    public void Random_is_between_1_and_10_and_reproducible_from_the_seed()
    {
        var first = Enumerable.Range(0, 200).Select(_ => 0).ToList();
        var random = new Random(42);
        var values = first.Select(_ => RandomPrioritizer.Compute(Plain, new PrioritizerInput("", random)).Priority).ToList();
        Assert.All(values, v => Assert.InRange(v, 1, 10));
        Assert.Contains(1, values);
        Assert.Contains(10, values);
        var again = new Random(42);
        Assert.Equal(values, first.Select(_ => RandomPrioritizer.Compute(Plain, new PrioritizerInput("", again)).Priority));
    }

    private static string EmcPage(byte sp, byte owner)
    {
        var page = new byte[64];
        page[1] = 0xC0;
        page[5] = sp;
        page[8] = owner;
        page[27] = 0x03;
        page[28] = 0x04;
        page[30] = 0x04;
        return Convert.ToHexString(page);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(1, 0, 0)]
    public void Emc_prefers_the_default_owner(byte sp, byte owner, int expected) =>
        Assert.Equal(expected, EmcPrioritizer.Compute(WithProbe("emc", EmcPage(sp, owner)), Args()).Priority);

    [Fact]
    public void Emc_with_wrong_page_or_no_data_is_zero()
    {
        Assert.Equal(0, EmcPrioritizer.Compute(WithProbe("emc", "00C1" + new string('0', 120)), Args()).Priority);
        Assert.Equal(0, EmcPrioritizer.Compute(Plain, Args()).Priority);
    }

    private static string RdacPage(byte currentPath, byte preference)
    {
        var page = new byte[44];
        page[1] = 0xC9;
        page[3] = 0x2C;
        page[4] = (byte)'v';
        page[5] = (byte)'a';
        page[6] = (byte)'c';
        page[8] = currentPath;
        page[9] = preference;
        return Convert.ToHexString(page);
    }

    [Theory]
    [InlineData(1, 1, 6)] // owner + preferred
    [InlineData(1, 2, 3)] // owner + secondary
    [InlineData(0, 1, 4)] // preferred, not owner
    [InlineData(0, 2, 1)] // secondary, not owner
    [InlineData(0, 0, 0)]
    [InlineData(1, 0x0F, 2)] // reserved preference value
    public void Rdac_value_table(byte current, byte preference, int expected) =>
        Assert.Equal(expected, RdacPrioritizer.Compute(WithProbe("rdac", RdacPage(current, preference)), Args()).Priority);

    [Theory]
    [InlineData("good", 4)]
    [InlineData("700001000000000a0000000000000000", 4)] // fixed format, RECOVERED ERROR
    [InlineData("700002000000000a0000000004020000", 2)] // fixed format, NOT READY 04/02: standby
    [InlineData("700002000000000a0000000004010000", 0)] // NOT READY, becoming ready
    [InlineData("72020402", 2)] // descriptor format, NOT READY 04/02
    [InlineData("700006000000000a0000000029000000", 0)] // UNIT ATTENTION reset: retry, failed for now
    [InlineData("error", 0)]
    public void Hp_sw_value_table(string outcome, int expected) =>
        Assert.Equal(expected, HpSwPrioritizer.Compute(WithProbe("hp_sw", outcome), Args()).Priority);

    private static string HdsInquiry(char ldevLast, char controller)
    {
        var inquiry = new byte[64];
        "00C".Select((c, i) => (c, i)).ToList().ForEach(x => inquiry[44 + x.i] = (byte)x.c);
        inquiry[47] = (byte)ldevLast;
        inquiry[49] = (byte)controller;
        return Convert.ToHexString(inquiry);
    }

    [Theory]
    [InlineData('6', '0', 1)]
    [InlineData('7', '0', 0)]
    [InlineData('A', '2', 1)]
    [InlineData('6', '1', 0)]
    [InlineData('F', '1', 1)]
    [InlineData('x', '1', -1)]
    [InlineData('6', 'Z', -1)]
    public void Hds_balances_by_controller_and_ldev_parity(char ldev, char controller, int expected) =>
        Assert.Equal(expected, PrioritizerRegistry.Compute("hds", WithProbe("hds", HdsInquiry(ldev, controller)), "", new Random(1)).Priority);

    private static string Gva(string initiator)
    {
        var gva = new byte[32];
        gva[3] = 24;
        gva[4] = 0x0A;
        gva[5] = 0x98;
        gva[6] = 0x0A;
        gva[7] = 0x01;
        gva[8] = 0x41;
        for (var i = 0; i < initiator.Length; i++)
            gva[12 + i] = (byte)initiator[i];
        return Convert.ToHexString(gva);
    }

    private static string ProxyPage(bool proxy)
    {
        var page = new byte[32];
        page[1] = 0xC1;
        page[8] = 0x0A;
        page[9] = 0x98;
        page[10] = 0x0A;
        page[12] = 0xC1;
        page[19] = (byte)(proxy ? 0x02 : 0x00);
        return Convert.ToHexString(page);
    }

    [Theory]
    [InlineData("ism_sw", null, 2)]
    [InlineData("iswt", null, 2)]
    [InlineData("ism_sn", null, 3)]
    [InlineData("fcp", false, 4)]
    [InlineData("fcp", true, 1)]
    [InlineData("fcp", null, 4)]
    public void Ontap_value_table(string initiator, bool? proxy, int expected)
    {
        var probe = new Dictionary<string, string> { ["ontap.gva"] = Gva(initiator) };
        if (proxy is { } p)
            probe["ontap.proxy"] = ProxyPage(p);
        Assert.Equal(expected, OntapPrioritizer.Compute(Plain with { ProbeData = probe }, Args()).Priority);
    }

    [Fact]
    public void Ontap_without_gva_is_zero() => Assert.Equal(0, OntapPrioritizer.Compute(Plain, Args()).Priority);

    [Theory]
    [InlineData("preferredip=10.11.12.13", "ip-10.11.12.13:3260-iscsi-iqn.2001-04.com.example:t1-lun-7", 20)]
    [InlineData("preferredip=10.11.12.13", "ip-10.11.12.14:3260-iscsi-iqn.2001-04.com.example:t1-lun-7", 10)]
    [InlineData("preferredip=10.11.12.13", "", 10)]
    [InlineData("preferredip=1.2.3", "ip-1.2.3.4:3260-iscsi-x-lun-0", 0)]
    [InlineData("", "ip-10.11.12.13:3260-iscsi-x-lun-0", 0)]
    public void Iet_value_table(string args, string links, int expected) =>
        Assert.Equal(expected, IetPrioritizer.Compute(WithProbe("iet", links), Args(args)).Priority);

    private static string DatacoreInquiry(string server)
    {
        var inquiry = new byte[128];
        for (var i = 0; i < server.Length; i++)
            inquiry[112 + i] = (byte)server[i];
        return Convert.ToHexString(inquiry);
    }

    [Theory]
    [InlineData("preferredsds=SDS1", "SDS1", 1)]
    [InlineData("timeout=1000 preferredsds=SDS1", "DC-SDS1-X", 1)]
    [InlineData("preferredsds=SDS1 timeout=1000", "SDS2", 0)]
    [InlineData("preferredsds=S", "S", 0)]
    [InlineData("timeout=100 preferredsds=SDS1", "SDS1", 0)]
    [InlineData("", "SDS1", 0)]
    public void Datacore_value_table(string args, string server, int expected) =>
        Assert.Equal(expected, DatacorePrioritizer.Compute(WithProbe("datacore", DatacoreInquiry(server)), Args(args)).Priority);

    [Theory]
    [InlineData("hbtl 1:.:.:. 2 3:.:.:. 4", 4)]
    [InlineData("hbtl 3:0:1:7 9 3:.:.:. 4", 9)]
    [InlineData("hbtl 5:.:.:. 2", 0)]
    [InlineData("devname sdb 10 sda 20", 20)]
    [InlineData("devname sd[a-c] 15", 15)]
    [InlineData("serial SN1 7", 7)]
    [InlineData("serial ^SN12$ 7 SN 3", 3)]
    [InlineData("wwn 0x2000.*:0x5000 11", 11)]
    [InlineData("bogus sda 10", 0)]
    [InlineData("devname ( 5 sda 6", 6)] // an invalid expression is skipped
    [InlineData("", 0)]
    public void Weightedpath_forms(string args, int expected)
    {
        var path = Plain with { ProbeData = new Dictionary<string, string> { ["wwn"] = "0x2000aa:0x2100aa:0x2000bb:0x5000bb" } };
        Assert.Equal(expected, WeightedPathPrioritizer.Compute(path, Args(args)).Priority);
    }

    [Theory]
    [InlineData("0", 10, 9)]  // below the 1us floor
    [InlineData("1 1", 10, 9)]
    [InlineData("100 100 100", 10, 7)]
    [InlineData("1000", 10, 6)]
    [InlineData("99999999", 10, 1)]
    [InlineData("200000000", 10, 0)] // above the 100s ceiling
    [InlineData("16", 2, 23)]
    public void Path_latency_value_table(string samples, int logBase, int expected) =>
        Assert.Equal(expected, PathLatencyPrioritizer.Compute(WithProbe("path_latency", samples), Args($"20|{logBase}")).Priority);

    [Theory]
    [InlineData("20|10", true)]
    [InlineData("2|2", true)]
    [InlineData("1|10", false)]
    [InlineData("201|10", false)]
    [InlineData("20|11", false)]
    [InlineData("20,10", false)]
    [InlineData("|10", false)]
    [InlineData("", false)]
    public void Path_latency_args(string args, bool valid) =>
        Assert.Equal(valid, PathLatencyPrioritizer.TryParseArgs(args, out _, out _));

    [Fact]
    public void Path_latency_down_is_undefined_and_bad_args_zero()
    {
        Assert.Equal(-1, PrioritizerRegistry.Compute("path_latency", WithProbe("path_latency", "down"), "20|10", new Random(1)).Priority);
        Assert.Equal(0, PrioritizerRegistry.Compute("path_latency", WithProbe("path_latency", "100"), "bad", new Random(1)).Priority);
    }

    [Fact]
    public void Unknown_prioritizer_is_undefined_with_a_reason()
    {
        var result = PrioritizerRegistry.Compute("nosuch", Plain, "", new Random(1));
        Assert.Equal(PriorityResult.Undefined, result.Priority);
        Assert.Contains("nosuch", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_knows_every_documented_prioritizer() =>
        Assert.Equal(
            ["alua", "ana", "const", "datacore", "emc", "hds", "hp_sw", "iet", "ontap", "path_latency", "random", "rdac", "sysfs", "weightedpath"],
            PrioritizerRegistry.Names.Order(StringComparer.Ordinal));

    [Fact]
    public void Detect_prio_picks_alua_sysfs_or_ana_from_what_the_path_reports()
    {
        var settings = new MapSettings { DetectPrio = true, Prio = "const" };
        Assert.Equal(("alua", ""), PrioritizerRegistry.Select(Plain with { Alua = new AluaInfo(1, AluaAccessState.Standby, false) }, settings));
        Assert.Equal(("sysfs", ""), PrioritizerRegistry.Select(Plain with { Alua = new AluaInfo(1, AluaAccessState.Standby, false), ProbeData = new Dictionary<string, string> { ["sysfs"] = "standby" } }, settings));
        Assert.Equal(("ana", ""), PrioritizerRegistry.Select(Plain with { Protocol = "nvme:tcp", ProbeData = new Dictionary<string, string> { ["ana"] = "optimized" } }, settings));
        Assert.Equal(("const", ""), PrioritizerRegistry.Select(Plain, settings));
        Assert.Equal(("const", ""), PrioritizerRegistry.Select(Plain with { Alua = new AluaInfo(1, AluaAccessState.Standby, false) }, settings with { DetectPrio = false }));
    }
}
