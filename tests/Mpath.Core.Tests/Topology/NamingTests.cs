using CsCheck;
using Mpath.Core.Topology;
using Mpath.Core.Topology.Naming;

namespace Mpath.Core.Tests.Topology;

public class UserFriendlyNameTests
{
    [Theory]
    [InlineData(1, "mpatha")]
    [InlineData(26, "mpathz")]
    [InlineData(27, "mpathaa")]
    [InlineData(52, "mpathaz")]
    [InlineData(53, "mpathba")]
    [InlineData(702, "mpathzz")]
    [InlineData(703, "mpathaaa")]
    [InlineData(int.MaxValue, "mpathfxshrxw")]
    public void Formats_and_scans_bijective_base_26(int id, string name)
    {
        Assert.Equal(name, UserFriendlyName.Format("mpath", id));
        Assert.Equal(id, UserFriendlyName.Scan(name, "mpath"));
    }

    [Theory]
    [InlineData("mpath")]
    [InlineData("mpathA")]
    [InlineData("mpath1")]
    [InlineData("other")]
    [InlineData("mpathfxshrxx")] // INT_MAX + 1
    [InlineData("mpathaaaaaaaa")]
    public void Scan_rejects_what_is_not_a_friendly_name(string alias) => Assert.Equal(-1, UserFriendlyName.Scan(alias, "mpath"));

    [Fact]
    public void Format_and_scan_are_inverse() =>
        Gen.Int[1, int.MaxValue].Sample(id => Assert.Equal(id, UserFriendlyName.Scan(UserFriendlyName.Format("disk", id), "disk")));

    [Fact]
    public void Alias_order_is_numeric_order_for_one_prefix() =>
        Gen.Int[1, 100_000].Select(Gen.Int[1, 100_000]).Sample((a, b) =>
            Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(UserFriendlyName.CompareAliases(UserFriendlyName.Format("mpath", a), UserFriendlyName.Format("mpath", b)))));
}

public class BindingsFileTests
{
    private const string Damaged = """
        # Multipath bindings, Version : 1.0
        mpathb 3600a0980000000000000000000000002
        mpatha 3600a0980000000000000000000000001 # a comment
        mpathc
        mpathd 3600a0980000000000000000000000004 trailing
        mpatha 3600a0980000000000000000000000009

        mpathb 3600a0980000000000000000000000002
        """;

    [Fact]
    public void Damaged_lines_are_reported_and_the_rest_kept()
    {
        var file = BindingsFile.Parse(Damaged);
        Assert.Equal(["mpatha", "mpathb", "mpathd"], file.Bindings.Select(b => b.Alias));
        Assert.Equal("3600a0980000000000000000000000001", file.ForAlias("mpatha")!.Wwid);
        Assert.Equal(
            [(4, true), (5, false), (6, true), (8, false)],
            file.Issues.Select(i => (i.Line, i.Discarded)));
    }

    [Fact]
    public void Formats_header_and_sorted_lines_and_reparses_identically()
    {
        var text = BindingsFile.Parse(Damaged).Format();
        Assert.StartsWith("# Multipath bindings, Version : 1.0\n", text, StringComparison.Ordinal);
        Assert.EndsWith("mpatha 3600a0980000000000000000000000001\nmpathb 3600a0980000000000000000000000002\nmpathd 3600a0980000000000000000000000004\n", text, StringComparison.Ordinal);
        var again = BindingsFile.Parse(text);
        Assert.Empty(again.Issues);
        Assert.Equal(text, again.Format());
    }

    [Fact]
    public void Lines_conflicting_with_the_multipaths_section_are_dropped()
    {
        var file = BindingsFile.Parse("mpatha W1\nmpathb W2\n", alias => alias == "mpatha" ? "W9" : null);
        Assert.Null(file.ForAlias("mpatha"));
        Assert.NotNull(file.ForAlias("mpathb"));
        Assert.Single(file.Issues);
    }

    [Fact]
    public void The_lowest_free_id_is_used_so_gaps_are_reused()
    {
        var file = BindingsFile.Parse("mpatha W1\nmpathc W3\nmpathd W4\nother W5\n");
        Assert.Equal(2, file.FreeId("mpath"));
        Assert.Equal(5, file.FreeId("mpath", alias => alias == "mpathb")); // b taken by a live map, c and d bound
        Assert.Equal(1, file.FreeId("disk"));
    }

    [Fact]
    public void Allocation_goes_past_mpathz_to_mpathaa()
    {
        var text = string.Join('\n', Enumerable.Range(1, 26).Select(i => $"{UserFriendlyName.Format("mpath", i)} W{i}"));
        var namer = new MapNamer(BindingsFile.Parse(text));
        var settings = new MapSettings { UserFriendlyNames = true };
        Assert.Equal("mpathaa", namer.Name("NEW1", settings).Name);
        Assert.Equal("mpathab", namer.Name("NEW2", settings).Name);
        Assert.True(namer.BindingsChanged);
        var lines = namer.Bindings.Format().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(["mpathz W26", "mpathaa NEW1", "mpathab NEW2"], lines[^3..]);
    }
}

public class MapNamerTests
{
    private static readonly MapSettings Friendly = new() { UserFriendlyNames = true };

    [Fact]
    public void Configured_alias_wins_over_bindings()
    {
        var namer = new MapNamer(BindingsFile.Parse("mpatha W1\n"));
        var name = namer.Name("W1", Friendly with { Alias = "oradata" });
        Assert.Equal(("oradata", MapNameSource.Configured), (name.Name, name.Source));
        Assert.False(namer.BindingsChanged);
    }

    [Fact]
    public void Existing_binding_is_reused_and_new_wwids_get_the_next_name()
    {
        var namer = new MapNamer(BindingsFile.Parse("mpatha W1\nmpathc W3\n"));
        Assert.Equal(("mpatha", MapNameSource.Binding), Pair(namer.Name("W1", Friendly)));
        Assert.Equal(("mpathb", MapNameSource.NewBinding), Pair(namer.Name("W2", Friendly)));
        Assert.Equal(("mpathd", MapNameSource.NewBinding), Pair(namer.Name("W4", Friendly)));
        Assert.Equal("mpathb", namer.Name("W2", Friendly).Name);
    }

    [Fact]
    public void Without_friendly_names_or_with_read_only_bindings_the_wwid_is_the_name()
    {
        Assert.Equal(("W7", MapNameSource.Wwid), Pair(MapNamer.InMemory().Name("W7", new MapSettings())));
        var readOnly = new MapNamer(BindingsFile.Empty, bindingsReadOnly: true);
        Assert.Equal(("W7", MapNameSource.Wwid), Pair(readOnly.Name("W7", Friendly)));
    }

    [Fact]
    public void A_bound_alias_used_by_another_live_map_falls_back_to_the_wwid()
    {
        var namer = new MapNamer(BindingsFile.Parse("mpatha W1\n"), existingMapWwid: alias => alias == "mpatha" ? "OTHER" : null);
        Assert.Equal(("W1", MapNameSource.Wwid), Pair(namer.Name("W1", Friendly)));
    }

    private static (string, MapNameSource) Pair(MapName name) => (name.Name, name.Source);
}

public class WwidsFileTests
{
    [Fact]
    public void Parses_slash_delimited_lines_and_reports_damaged_ones()
    {
        var file = WwidsFile.Parse("# header\n/3600a1/\n/3600a2/ # comment\n3600a3\n/3600a4\n//\n/3600a1/\n");
        Assert.Equal(["3600a1", "3600a2"], file.Wwids);
        Assert.Equal([4, 5, 6], file.Issues.Select(i => i.Line));
        Assert.True(file.Contains("3600a2"));
        Assert.False(file.Contains("3600a3"));
    }

    [Fact]
    public void Add_remove_and_format()
    {
        var file = WwidsFile.Empty.Add("W1").Add("W2").Add("W1").Remove("W1").Add("W3");
        Assert.Equal(["W2", "W3"], file.Wwids);
        var text = file.Format();
        Assert.Equal(WwidsFile.Header + "/W2/\n/W3/\n", text);
        Assert.Equal(["W2", "W3"], WwidsFile.Parse(text).Wwids);
        Assert.Throws<ArgumentException>(() => file.Add("a/b"));
    }
}

public class FindMultipathsTests
{
    [Theory]
    // mode, in wwids file, paths with the wwid, map exists, smart timeout expired, verdict
    [InlineData("off", false, 1, false, false, FindMultipathsVerdict.Multipath)]
    [InlineData("no", false, 1, false, false, FindMultipathsVerdict.Multipath)]
    [InlineData("greedy", false, 1, false, false, FindMultipathsVerdict.Multipath)]
    [InlineData("strict", true, 1, false, false, FindMultipathsVerdict.Multipath)]
    [InlineData("strict", false, 2, false, false, FindMultipathsVerdict.NotMultipath)]
    [InlineData("strict", false, 1, true, false, FindMultipathsVerdict.NotMultipath)]
    [InlineData("on", false, 1, false, false, FindMultipathsVerdict.NotMultipath)]
    [InlineData("yes", false, 2, false, false, FindMultipathsVerdict.Multipath)]
    [InlineData("on", true, 1, false, false, FindMultipathsVerdict.Multipath)]
    [InlineData("on", false, 1, true, false, FindMultipathsVerdict.Multipath)]
    [InlineData("smart", false, 1, false, false, FindMultipathsVerdict.Wait)]
    [InlineData("smart", false, 1, false, true, FindMultipathsVerdict.NotMultipath)]
    [InlineData("smart", false, 2, false, false, FindMultipathsVerdict.Multipath)]
    [InlineData("smart", true, 1, false, true, FindMultipathsVerdict.Multipath)]
    public void Decision_table(string mode, bool inWwids, int paths, bool mapExists, bool expired, FindMultipathsVerdict expected)
    {
        Assert.True(FindMultipaths.TryParse(mode, out var parsed));
        var decision = FindMultipaths.Decide(parsed, new FindMultipathsFacts(inWwids, paths, mapExists, expired));
        Assert.Equal(expected, decision.Verdict);
        Assert.False(string.IsNullOrEmpty(decision.Reason));
    }

    [Theory]
    // smart, released to the system by its timeout (the daemon): mode, in wwids file, paths, map exists, verdict
    [InlineData("smart", false, 2, false, FindMultipathsVerdict.NotMultipath)]
    [InlineData("smart", true, 2, false, FindMultipathsVerdict.Multipath)]
    [InlineData("smart", false, 1, true, FindMultipathsVerdict.Multipath)]
    [InlineData("on", false, 2, false, FindMultipathsVerdict.Multipath)]
    public void A_wwid_released_by_the_smart_timeout_stays_released_unless_recorded_or_mapped(string mode, bool inWwids, int paths, bool mapExists, FindMultipathsVerdict expected)
    {
        Assert.True(FindMultipaths.TryParse(mode, out var parsed));
        var decision = FindMultipaths.Decide(parsed, new FindMultipathsFacts(inWwids, paths, mapExists, SmartTimeoutExpired: true, ReleasedToSystem: true));
        Assert.Equal(expected, decision.Verdict);
    }

    [Fact]
    public void Unknown_mode_is_rejected() => Assert.False(FindMultipaths.TryParse("maybe", out _));
}
