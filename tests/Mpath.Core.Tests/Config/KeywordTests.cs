using Mpath.Core.Config.Keywords;
using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Printing;
using Mpath.Core.Config.Sections;

namespace Mpath.Core.Tests.Config;

public class KeywordTests
{
    /// <summary>A valid, non-default value for each value kind, with its canonical printed form.</summary>
    internal static (string Raw, string Canonical) Sample(Keyword k) => k.Kind switch
    {
        ValueKind.Text => ("some text", "some text"),
        ValueKind.NonEmptyText => ("x_1", "x_1"),
        ValueKind.Regex => ("^AB.*", "^AB.*"),
        ValueKind.BlacklistRegex => ("!^sd", "!^sd"),
        ValueKind.Integer => (Math.Clamp(7, k.Min, k.Max).ToString(System.Globalization.CultureInfo.InvariantCulture), Math.Clamp(7, k.Min, k.Max).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ValueKind.YesNo => (k.Default == "yes" ? "0" : "1", k.Default == "yes" ? "no" : "yes"),
        ValueKind.Choice => (k.Choices[^1], k.Choices[^1]),
        ValueKind.NoOrPositive => ("42", "42"),
        ValueKind.OffOrNonNegative => ("off", "off"),
        ValueKind.InfinityOrNonNegative => ("infinity", "infinity"),
        ValueKind.MaxOrPositive => ("8192", "8192"),
        ValueKind.Failback => ("0", "immediate"),
        ValueKind.NoPathRetry => ("0", "fail"),
        ValueKind.Features => ("2  pg_init_retries 50", "2 pg_init_retries 50"),
        ValueKind.HardwareHandler => ("1 alua", "1 alua"),
        ValueKind.PathSelector => ("round-robin 0", "round-robin 0"),
        ValueKind.ReservationKey => ("0xabc:aptpl", "0xabc:aptpl"),
        ValueKind.OctalMode => ("0640", "0640"),
        _ => ("", ""),
    };

    public static TheoryData<string> SettableKeywords()
    {
        var data = new TheoryData<string>();
        foreach (var k in KeywordTable.All.Where(k => !k.IsIdentity && !k.IsDeprecated))
        {
            data.Add(k.Name);
        }
        return data;
    }

    [Fact]
    public void Table_covers_multipath_tools_keywords_and_mpath_extensions()
    {
        Assert.True(KeywordTable.All.Count >= 94, $"only {KeywordTable.All.Count} keywords");
        Assert.Equal(KeywordTable.All.Count, KeywordTable.All.Select(k => k.Name).Distinct().Count());
        string[] mpathOnly = ["failback_rate_limit", "failback_rate_window", "sticky_switch_group", "flaky_path_window", "flaky_path_hold", "pingpong_threshold", "pingpong_window"];
        Assert.Equal(mpathOnly, KeywordTable.All.Where(k => k.MpathOnly).Select(k => k.Name));
        foreach (var name in mpathOnly)
        {
            Assert.Equal(KeywordScope.MapLevel, KeywordTable.Get(name).Scopes);
        }
    }

    [Theory]
    [InlineData("polling_interval", "5")]
    [InlineData("path_selector", "service-time 0")]
    [InlineData("path_grouping_policy", "failover")]
    [InlineData("failback", "manual")]
    [InlineData("no_path_retry", "fail")]
    [InlineData("features", "0")]
    [InlineData("path_checker", "tur")]
    [InlineData("prio", "const")]
    [InlineData("rr_min_io", "1000")]
    [InlineData("rr_min_io_rq", "1")]
    [InlineData("flush_on_last_del", "unused")]
    [InlineData("find_multipaths", "strict")]
    [InlineData("retain_attached_hw_handler", "yes")]
    [InlineData("detect_prio", "yes")]
    [InlineData("failback_rate_window", "3600")]
    [InlineData("flaky_path_hold", "300")]
    [InlineData("pingpong_threshold", "4")]
    [InlineData("pingpong_window", "300")]
    public void Compiled_in_defaults_match_multipath_tools(string keyword, string expected) =>
        Assert.Equal(expected, KeywordTable.Get(keyword).Default);

    [Theory]
    [MemberData(nameof(SettableKeywords))]
    public void Every_keyword_parses_prints_and_round_trips_in_each_of_its_sections(string name)
    {
        var keyword = KeywordTable.Get(name);
        var (raw, canonical) = Sample(keyword);
        var quoted = "\"" + raw + "\"";
        var sections = new List<(string Text, Func<MultipathConfig, AttributeSet> Pick)>();
        if (keyword.ValidIn(KeywordScope.Defaults))
        {
            sections.Add(($"defaults {{\n {name} {quoted}\n}}\n", c => c.Defaults));
        }
        if (keyword.ValidIn(KeywordScope.Device))
        {
            sections.Add(($"devices {{\n device {{\n  vendor ZZTEST\n  product P1\n  {name} {quoted}\n }}\n}}\n", c => c.Devices.Single(d => d.Vendor == "ZZTEST").Attributes));
        }
        if (keyword.ValidIn(KeywordScope.Overrides))
        {
            sections.Add(($"overrides {{\n {name} {quoted}\n}}\n", c => c.Overrides));
        }
        if (keyword.ValidIn(KeywordScope.Multipath))
        {
            sections.Add(($"multipaths {{\n multipath {{\n  wwid 3600\n  {name} {quoted}\n }}\n}}\n", c => c.Multipaths.Single().Attributes));
        }
        if (keyword.ValidIn(KeywordScope.Protocol))
        {
            sections.Add(($"overrides {{\n protocol {{\n  type scsi:iscsi\n  {name} {quoted}\n }}\n}}\n", c => c.OverrideProtocols.Single().Attributes));
        }
        Assert.NotEmpty(sections);
        foreach (var (text, pick) in sections)
        {
            var first = ConfigLoader.LoadText(text);
            Assert.True(first.Diagnostics.Count == 0, text + string.Join("\n", first.Diagnostics));
            Assert.Equal(canonical, pick(first.Config)[name]!.Value);

            var printed = ConfigPrinter.Print(first.Config);
            Assert.Contains($"{name} {KeywordValues.Print(canonical)}\n", printed, StringComparison.Ordinal);
            var second = ConfigLoader.LoadText(printed, "printed.conf");
            Assert.Empty(second.Diagnostics);
            Assert.Equal(canonical, pick(second.Config)[name]!.Value);
            Assert.Equal(printed, ConfigPrinter.Print(second.Config));
        }
    }

    [Theory]
    [InlineData("verbosity", "7")]
    [InlineData("polling_interval", "0")]
    [InlineData("failback", "-1")]
    [InlineData("no_path_retry", "forever")]
    [InlineData("path_grouping_policy", "roundrobin")]
    [InlineData("features", "2 queue_if_no_path")]
    [InlineData("path_selector", "fastest 0")]
    [InlineData("user_friendly_names", "maybe")]
    [InlineData("fast_io_fail_tmo", "never")]
    [InlineData("dev_loss_tmo", "-5")]
    [InlineData("max_fds", "0")]
    [InlineData("reservation_key", "0xZZ")]
    [InlineData("delay_watch_checks", "-3")]
    [InlineData("find_multipaths", "sometimes")]
    [InlineData("pingpong_threshold", "0")]
    public void Invalid_values_are_rejected(string name, string raw)
    {
        var keyword = KeywordTable.Get(name);
        Assert.False(KeywordValues.TryNormalize(keyword, raw, out _, out var problem));
        Assert.StartsWith("expected ", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("find_multipaths", "yes", "on")]
    [InlineData("flush_on_last_del", "yes", "always")]
    [InlineData("flush_on_last_del", "no", "unused")]
    [InlineData("failback", "30", "30")]
    [InlineData("no_path_retry", "queue", "queue")]
    [InlineData("ghost_delay", "0", "no")]
    [InlineData("marginal_pathgroups", "yes", "on")]
    public void Synonyms_normalize_to_the_printed_form(string name, string raw, string canonical)
    {
        Assert.True(KeywordValues.TryNormalize(KeywordTable.Get(name), raw, out var value, out _));
        Assert.Equal(canonical, value);
    }

    [Fact]
    public void Printing_quotes_text_and_doubles_embedded_quotes_but_leaves_numbers_bare()
    {
        Assert.Equal("5", KeywordValues.Print("5"));
        Assert.Equal("\"service-time 0\"", KeywordValues.Print("service-time 0"));
        Assert.Equal("\"2.5\"\" SSD\"", KeywordValues.Print("2.5\" SSD"));
    }
}
