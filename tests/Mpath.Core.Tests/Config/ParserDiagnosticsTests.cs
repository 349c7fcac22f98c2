using Mpath.Core.Config;
using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Syntax;

namespace Mpath.Core.Tests.Config;

public class ParserDiagnosticsTests
{
    private static IReadOnlyList<ConfigDiagnostic> Diagnose(string text) => ConfigLoader.LoadText(text, "t.conf").Diagnostics;

    private static ConfigDiagnostic Single(string text)
    {
        var diagnostics = Diagnose(text);
        Assert.True(diagnostics.Count == 1, string.Join("\n", diagnostics));
        return diagnostics[0];
    }

    [Fact]
    public void Tokenizer_handles_quotes_doubled_quotes_comments_and_braces()
    {
        var tokens = ConfigLineTokenizer.Tokenize("  product \"2.5\"\" SSD # not a comment\" ! real comment", out var unterminated);
        Assert.False(unterminated);
        Assert.Equal(["product", "2.5\" SSD # not a comment"], tokens.Select(t => t.Text));
        Assert.Equal(["defaults", "{"], ConfigLineTokenizer.Tokenize("defaults{ # c", out _).Select(t => t.Text));
        Assert.Empty(ConfigLineTokenizer.Tokenize("# only a comment", out _));
    }

    [Fact]
    public void Multi_word_quoted_values_are_kept_whole()
    {
        var result = ConfigLoader.LoadText("defaults {\n features \"2 queue_if_no_path retain_attached_hw_handler\"\n path_selector \"service-time 0\" # comment\n}\n");
        Assert.Empty(result.Diagnostics);
        Assert.Equal("2 queue_if_no_path retain_attached_hw_handler", result.Config.Defaults["features"]!.Value);
        Assert.Equal("service-time 0", result.Config.Defaults["path_selector"]!.Value);
    }

    [Fact]
    public void Unknown_keyword_is_an_error_at_its_line_and_the_rest_loads()
    {
        var result = ConfigLoader.LoadText("defaults {\n  polling_interval 7\n  no_such_keyword 1\n  verbosity 3\n}\n", "t.conf");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("t.conf:3: error: unknown keyword 'no_such_keyword' in defaults; ignored", d.ToString());
        Assert.Equal("7", result.Config.Defaults["polling_interval"]!.Value);
        Assert.Equal("3", result.Config.Defaults["verbosity"]!.Value);
    }

    [Fact]
    public void Bad_value_names_the_allowed_forms()
    {
        var d = Single("defaults {\n\n  failback sometimes\n}\n");
        Assert.Equal(3, d.Line);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("immediate, manual, followover", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_closing_brace_is_reported_at_end_of_file_naming_the_opening_line()
    {
        var d = Single("defaults {\n  verbosity 2\n}\ndevices {\n\n");
        Assert.Equal(5, d.Line);
        Assert.Contains("'devices' opened on line 4", d.Message, StringComparison.Ordinal);
        var two = Diagnose("defaults {\n  verbosity 2\n");
        Assert.Contains(two, x => x.Line == 2 && x.Message.Contains("'defaults' opened on line 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Stray_closing_brace_is_an_error_at_its_line()
    {
        var d = Single("defaults {\n}\n}\n");
        Assert.Equal(3, d.Line);
        Assert.Contains("unmatched '}'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyword_in_the_wrong_section_lists_where_it_is_valid()
    {
        var d = Single("defaults {\n  alias foo\n}\n");
        Assert.Equal(2, d.Line);
        Assert.Contains("not valid in defaults", d.Message, StringComparison.Ordinal);
        Assert.Contains("multipaths/multipath", d.Message, StringComparison.Ordinal);
        var hw = Single("overrides {\n  hardware_handler \"1 alua\"\n}\n");
        Assert.Contains("not valid in overrides", hw.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_multipath_wwid_is_merged_with_later_settings_winning_and_warned()
    {
        var result = ConfigLoader.LoadText("multipaths {\n multipath {\n  wwid 36001\n  alias a\n  failback manual\n }\n multipath {\n  wwid 36001\n  alias b\n }\n}\n", "t.conf");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((7, DiagnosticSeverity.Warning), (d.Line, d.Severity));
        var entry = Assert.Single(result.Config.Multipaths);
        Assert.Equal("b", entry.Attributes["alias"]!.Value);
        Assert.Equal("manual", entry.Attributes["failback"]!.Value);
    }

    [Fact]
    public void Invalid_regex_is_an_error()
    {
        var d = Single("blacklist {\n  devnode \"^sd[\"\n}\n");
        Assert.Equal(2, d.Line);
        Assert.Contains("regular expression", d.Message, StringComparison.Ordinal);
        var device = Diagnose("devices {\n device {\n  vendor \"(\"\n  product X\n }\n}\n");
        Assert.Contains(device, x => x.Line == 3 && x.Message.Contains("regular expression", StringComparison.Ordinal));
    }

    [Fact]
    public void Device_without_vendor_or_product_is_dropped_with_an_error_at_its_opening_line()
    {
        var result = ConfigLoader.LoadText("devices {\n  device {\n    vendor ACME\n    failback manual\n  }\n}\n", "t.conf");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(2, d.Line);
        Assert.Contains("vendor and product", d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Config.Devices, e => e.Vendor == "ACME");
    }

    [Fact]
    public void Multipath_without_wwid_is_dropped_with_an_error()
    {
        var d = Single("multipaths {\n multipath {\n  alias x\n }\n}\n");
        Assert.Equal(2, d.Line);
        Assert.Contains("without wwid", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unquoted_extra_words_warn_and_keep_the_first_word()
    {
        var result = ConfigLoader.LoadText("defaults {\n  prio_args exclusive_pref_bit extra\n}\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("exclusive_pref_bit", result.Config.Defaults["prio_args"]!.Value);
    }

    [Fact]
    public void Unknown_section_is_skipped_with_its_contents()
    {
        var result = ConfigLoader.LoadText("frobnicate {\n  verbosity 1\n}\ndefaults {\n  verbosity 4\n}\n");
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(1, d.Line);
        Assert.Equal("4", result.Config.Defaults["verbosity"]!.Value);
    }

    [Fact]
    public void Deprecated_keyword_warns_and_is_ignored()
    {
        var d = Single("defaults {\n  pg_timeout 5\n}\n");
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("deprecated", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checker_is_accepted_as_path_checker()
    {
        var result = ConfigLoader.LoadText("defaults {\n  checker directio\n}\n");
        Assert.Empty(result.Diagnostics);
        Assert.Equal("directio", result.Config.Defaults["path_checker"]!.Value);
    }

    [Fact]
    public void Protocol_subsection_is_valid_under_overrides_only()
    {
        var ok = ConfigLoader.LoadText("overrides {\n protocol {\n  type scsi:fcp\n  dev_loss_tmo 60\n }\n}\n");
        Assert.Empty(ok.Diagnostics);
        Assert.Equal("60", Assert.Single(ok.Config.OverrideProtocols).Attributes["dev_loss_tmo"]!.Value);
        var bad = Diagnose("devices {\n device {\n  vendor A\n  product B\n  protocol {\n   type scsi:fcp\n  }\n }\n}\n");
        Assert.Contains(bad, d => d.Line == 5 && d.IsError);
    }
}
