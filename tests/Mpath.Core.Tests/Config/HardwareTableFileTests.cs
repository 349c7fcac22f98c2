using System.Globalization;
using System.Text.RegularExpressions;
using Mpath.Core.Model;

namespace Mpath.Core.Tests.Config;

/// <summary>
/// Consistency checks on the built-in hardware table files
/// (src/Mpath.Core/Config/HardwareTable/*.conf), by plain text scanning so they hold
/// whatever state the real configuration parser is in.
/// </summary>
public class HardwareTableFileTests
{
    // Entries in default_hw[] of multipath-tools libmultipath/hwtable.c, 0.14 era
    // (commit 002ec8a87288d7a7e7dcb320c67f1ec3673d924b), counted one by one when transcribing.
    private const int UpstreamEntryCount = 124;

    // Another branch uses this name for a scratch file while the parser is being built; it is not table data.
    private const string ScratchFileName = "00-example.conf";

    // Keywords multipath.conf accepts inside devices { device { } } (multipath-tools 0.14).
    private static readonly HashSet<string> DeviceKeywords =
    [
        "vendor", "product", "revision", "product_blacklist", "alias_prefix", "path_grouping_policy",
        "uid_attribute", "path_selector", "path_checker", "checker", "prio", "prio_args", "features",
        "hardware_handler", "failback", "rr_weight", "no_path_retry", "rr_min_io", "rr_min_io_rq",
        "fast_io_fail_tmo", "dev_loss_tmo", "eh_deadline", "flush_on_last_del", "user_friendly_names",
        "retain_attached_hw_handler", "detect_prio", "detect_checker", "detect_pgpolicy",
        "detect_pgpolicy_use_tpg", "deferred_remove", "delay_watch_checks", "delay_wait_checks",
        "san_path_err_threshold", "san_path_err_forget_rate", "san_path_err_recovery_time",
        "marginal_path_err_sample_time", "marginal_path_err_rate_threshold",
        "marginal_path_err_recheck_gap_time", "marginal_path_double_failed_time", "skip_kpartx",
        "max_sectors_kb", "ghost_delay", "all_tg_pt", "vpd_vendor",
    ];

    private static readonly HashSet<string> GroupingPolicies =
        ["failover", "multibus", "group_by_serial", "group_by_prio", "group_by_node_name", "group_by_tpg"];

    private static readonly HashSet<string> Checkers =
        ["tur", "directio", "readsector0", "emc_clariion", "hp_sw", "rdac", "cciss_tur", "none"];

    private static readonly HashSet<string> Prioritizers =
    [
        "const", "sysfs", "emc", "alua", "ontap", "rdac", "hp_sw", "hds", "random", "weightedpath",
        "path_latency", "ana", "iet", "datacore",
    ];

    private static readonly HashSet<string> YesNoKeywords =
    [
        "user_friendly_names", "detect_prio", "detect_checker", "retain_attached_hw_handler",
        "deferred_remove", "skip_kpartx", "detect_pgpolicy", "detect_pgpolicy_use_tpg", "all_tg_pt",
    ];

    public static TheoryData<string> TableFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in TableFilePaths())
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(TableFiles))]
    public void Each_file_is_well_formed(string fileName)
    {
        var scan = ScanFile(fileName);

        Assert.Empty(scan.Problems);
        Assert.NotEmpty(scan.Devices);
    }

    [Fact]
    public void File_names_fix_the_load_order_with_a_two_digit_prefix()
    {
        var names = TableFilePaths().Select(Path.GetFileName).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Matches(@"^\d\d-[a-z0-9-]+\.conf$", n));
        // Two files with the same prefix would leave their relative order to the tie-break.
        Assert.Equal(names.Count, names.Select(n => n![..2]).Distinct().Count());
    }

    [Fact]
    public void Table_has_every_upstream_entry()
    {
        Assert.Equal(UpstreamEntryCount, AllDevices().Count);
    }

    [Fact]
    public void No_two_entries_share_vendor_product_and_revision()
    {
        var duplicates = AllDevices()
            .GroupBy(d => d.Identity)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} at {string.Join(", ", g.Select(d => $"{d.File}:{d.Line}"))}")
            .ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_keyword_is_valid_in_a_device_section_and_appears_once()
    {
        var problems = new List<string>();
        foreach (var device in AllDevices())
        {
            foreach (var group in device.Attributes.GroupBy(a => a.Keyword))
            {
                var first = group.First();
                if (!DeviceKeywords.Contains(group.Key))
                    problems.Add($"{device.File}:{first.Line}: '{group.Key}' is not a device keyword");
                if (group.Count() > 1)
                    problems.Add($"{device.File}:{first.Line}: '{group.Key}' set {group.Count()} times");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Every_value_has_a_form_multipath_conf_accepts()
    {
        var problems = new List<string>();
        foreach (var device in AllDevices())
        {
            foreach (var attribute in device.Attributes)
            {
                if (!IsAcceptedValue(attribute.Keyword, attribute.Value))
                    problems.Add($"{device.File}:{attribute.Line}: {attribute.Keyword} \"{attribute.Value}\"");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Vendor_product_and_blacklist_patterns_are_valid_regular_expressions()
    {
        var problems = new List<string>();
        foreach (var device in AllDevices())
        {
            foreach (var attribute in device.Attributes.Where(a => a.Keyword is "vendor" or "product" or "revision" or "product_blacklist"))
            {
                try
                {
                    _ = new Regex(attribute.Value, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    problems.Add($"{device.File}:{attribute.Line}: {e.Message}");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Generic_nvme_entry_comes_before_every_entry_it_overlaps()
    {
        // Later entries win, so the catch-all NVMe entry must precede the array-specific NVMe ones.
        var devices = AllDevices();
        var nvmeEntries = devices
            .Select((d, index) => (Device: d, Index: index))
            .Where(x => Regex.IsMatch("NVME", x.Device.Get("vendor")!) || Regex.IsMatch("NVMe", x.Device.Get("vendor")!))
            .ToList();

        Assert.True(nvmeEntries.Count > 1);
        Assert.Equal(".*", nvmeEntries[0].Device.Get("product"));
        Assert.Equal("NVM[eE]", nvmeEntries[0].Device.Get("vendor"));
    }

    [Fact]
    public void Violin_non_alua_product_is_anchored_so_the_alua_entry_is_distinct()
    {
        var plain = Find("VIOLIN", "SAN ARRAY$");
        var alua = Find("VIOLIN", "SAN ARRAY ALUA");

        Assert.DoesNotMatch(plain.Get("product")!, "SAN ARRAY ALUA");
        Assert.Equal("group_by_serial", plain.Get("path_grouping_policy"));
        Assert.Equal("group_by_prio", alua.Get("path_grouping_policy"));
    }

    [Theory]
    // Spot checks of upstream values that need translating from C constants.
    [InlineData("^DGC", "^(RAID|DISK|VRAID)", "no_path_retry", "60")] // 300 / DEFAULT_CHECKINT
    [InlineData("^DGC", "^(RAID|DISK|VRAID)", "detect_checker", "no")]
    [InlineData("^DGC", "^(RAID|DISK|VRAID)", "product_blacklist", "LUNZ")]
    [InlineData("AIX", "VDASD", "no_path_retry", "60")]
    [InlineData("3PARdata", "VV", "dev_loss_tmo", "infinity")] // MAX_DEV_LOSS_TMO
    [InlineData("3PARdata", "VV", "vpd_vendor", "hp3par")]
    [InlineData("NETAPP", "LUN", "flush_on_last_del", "always")]
    [InlineData("NETAPP", "LUN", "user_friendly_names", "no")]
    [InlineData("NETAPP", "LUN", "prio", "ontap")]
    [InlineData("NVM[eE]", ".*", "uid_attribute", "ID_WWN")] // DEFAULT_NVME_UID_ATTRIBUTE
    [InlineData("NVM[eE]", ".*", "path_checker", "none")]
    [InlineData("NFINIDAT", "InfiniBox", "failback", "30")]
    [InlineData("NFINIDAT", "InfiniBox", "rr_weight", "priorities")]
    [InlineData("NFINIDAT", "InfiniBox", "path_selector", "round-robin 0")]
    [InlineData("NFINIDAT", "InfiniBox", "no_path_retry", "fail")]
    [InlineData("(XIV|IBM)", "(NEXTRA|2810XIV)", "failback", "15")]
    [InlineData("PURE", "FlashArray", "max_sectors_kb", "4096")]
    [InlineData("PURE", "FlashArray", "detect_prio", "no")]
    [InlineData("IBM", "S/390 DASD ECKD", "uid_attribute", "ID_UID")]
    [InlineData("(LIO-ORG|SUSE)", ".*", "path_checker", "directio")]
    [InlineData("LENOVO", "DE_Series", "features", "2 pg_init_retries 50")]
    [InlineData("LENOVO", "DE_Series", "product_blacklist", "Universal Xport")]
    public void Translated_constants_have_their_multipath_conf_form(string vendor, string product, string keyword, string expected)
    {
        Assert.Equal(expected, Find(vendor, product).Get(keyword));
    }

    [Fact]
    public void Rdac_entries_carry_the_whole_rdac_setting_set()
    {
        var rdac = AllDevices().Where(d => d.Get("hardware_handler") == "1 rdac").ToList();

        Assert.Equal(25, rdac.Count); // SGI 2, Dell 1, Fujitsu 1, IBM 11, Lenovo 1, NetApp 1, StorageTek 3, Sun 5
        Assert.All(rdac, d =>
        {
            Assert.Equal("rdac", d.Get("path_checker"));
            Assert.Equal("rdac", d.Get("prio"));
            Assert.Equal("group_by_prio", d.Get("path_grouping_policy"));
            Assert.Equal("immediate", d.Get("failback"));
            Assert.Equal("30", d.Get("no_path_retry"));
            Assert.Equal("Universal Xport", d.Get("product_blacklist"));
        });
    }

    [Fact]
    public void Scanner_reports_unbalanced_braces()
    {
        var open = ConfTextScanner.Scan("t.conf", "devices {\n device {\n vendor \"A\"\n product \"B\"\n }\n");
        var extra = ConfTextScanner.Scan("t.conf", "devices {\n}\n}\n");

        Assert.Contains(open.Problems, p => p.Contains("left open", StringComparison.Ordinal));
        Assert.Contains(extra.Problems, p => p.Contains("without an opening", StringComparison.Ordinal));
    }

    [Fact]
    public void Scanner_reports_an_unclosed_quote_and_a_missing_product()
    {
        var scan = ConfTextScanner.Scan("t.conf", "devices {\n device {\n vendor \"A\n }\n}\n");

        Assert.Contains(scan.Problems, p => p.StartsWith("t.conf:3: quoted string not closed", StringComparison.Ordinal));
        Assert.Contains(scan.Problems, p => p.Contains("0 'product' lines", StringComparison.Ordinal));
    }

    [Fact]
    public void Scanner_reads_doubled_quotes_and_ignores_comments()
    {
        var scan = ConfTextScanner.Scan("t.conf",
            "# a comment with { brace\ndevices {\n device {\n vendor \"X\"\"Y\" # trailing\n product \"P{1}\"\n }\n}\n");

        Assert.Empty(scan.Problems);
        var device = Assert.Single(scan.Devices);
        Assert.Equal("X\"Y", device.Get("vendor"));
        Assert.Equal("P{1}", device.Get("product"));
    }

    private static bool IsAcceptedValue(string keyword, string value) => keyword switch
    {
        "vendor" or "product" or "revision" or "product_blacklist" or "uid_attribute" or "alias_prefix"
            or "prio_args" or "path_selector" => value.Length > 0,
        "path_grouping_policy" => GroupingPolicies.Contains(value),
        "path_checker" or "checker" => Checkers.Contains(value),
        "prio" => Prioritizers.Contains(value),
        "failback" => Failback.TryParse(value, out _),
        "no_path_retry" => NoPathRetry.TryParse(value, out _),
        "rr_weight" => value is "uniform" or "priorities",
        "flush_on_last_del" => value is "always" or "unused" or "never" or "yes" or "no",
        "dev_loss_tmo" => value == "infinity" || IsNonNegativeInt(value),
        "fast_io_fail_tmo" => value == "off" || IsNonNegativeInt(value),
        "rr_min_io" or "rr_min_io_rq" or "max_sectors_kb" => IsNonNegativeInt(value),
        "hardware_handler" => value == "0" || Regex.IsMatch(value, "^1 [a-z_]+$"),
        "features" => FeatureCountMatches(value),
        "vpd_vendor" => value == "hp3par",
        _ when YesNoKeywords.Contains(keyword) => value is "yes" or "no",
        _ => false,
    };

    private static bool IsNonNegativeInt(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    // dm-multipath reads the features string as a count followed by that many words.
    private static bool FeatureCountMatches(string value)
    {
        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0
            && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count == words.Length - 1;
    }

    private static DeviceBlock Find(string vendor, string product) =>
        Assert.Single(AllDevices(), d => d.Get("vendor") == vendor && d.Get("product") == product);

    private static List<DeviceBlock> AllDevices() =>
        TableFilePaths().SelectMany(p => ScanFile(Path.GetFileName(p)).Devices).ToList();

    private static ConfScan ScanFile(string fileName) =>
        ConfTextScanner.Scan(fileName, File.ReadAllText(Path.Combine(TableDirectory(), fileName)));

    private static List<string> TableFilePaths() =>
        Directory.GetFiles(TableDirectory(), "*.conf")
            .Where(p => Path.GetFileName(p) != ScratchFileName)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string TableDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "mpath.sln")))
            dir = dir.Parent;
        if (dir is null)
            throw new InvalidOperationException($"no mpath.sln above {AppContext.BaseDirectory}");
        return Path.Combine(dir.FullName, "src", "Mpath.Core", "Config", "HardwareTable");
    }
}
