using Mpath.Core.Config.Blacklisting;
using Mpath.Core.Config.HardwareTable;
using Mpath.Core.Config.Lint;
using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Sections;

namespace Mpath.Core.Tests.Config;

public class HardwareTableAndBlacklistTests
{
    [Fact]
    public void Embedded_hardware_table_loads_with_zero_diagnostics()
    {
        Assert.NotEmpty(BuiltinHardwareTable.Files);
        Assert.Empty(BuiltinHardwareTable.SyntaxDiagnostics);
        var empty = ConfigLoader.LoadText("");
        Assert.Empty(empty.Diagnostics);
        Assert.NotEmpty(empty.Config.Devices);
        Assert.All(empty.Config.Devices, d => Assert.True(d.FromHardwareTable));
    }

    private static MultipathConfig Load(string text)
    {
        var loaded = ConfigLoader.LoadText(text, "bl.conf");
        Assert.True(loaded.Diagnostics.Count == 0, string.Join("\n", loaded.Diagnostics));
        return loaded.Config;
    }

    [Fact]
    public void Builtin_devnode_rule_blacklists_everything_but_sd_dasd_and_nvme()
    {
        var config = Load("");
        Assert.False(Blacklist.Check(config, "sdb", null, null, null, null, null).Blacklisted);
        Assert.False(Blacklist.Check(config, "nvme0n1", null, null, null, null, null).Blacklisted);
        var loop = Blacklist.Check(config, "loop0", null, null, null, null, null);
        Assert.True(loop.Blacklisted);
        Assert.Equal("devnode", loop.Criterion);
        Assert.Contains("built-in", loop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Exceptions_win_over_blacklist_and_reasons_locate_config_rules()
    {
        var config = Load("blacklist {\n wwid .*\n device {\n  vendor ACME\n }\n}\nblacklist_exceptions {\n wwid ^3600a\n}\n");
        var blocked = Blacklist.Check(config, "sdc", "36001", "X", "Y", null, null);
        Assert.True(blocked.Blacklisted);
        Assert.Equal("wwid", blocked.Criterion);
        Assert.Contains("bl.conf:2", blocked.Reason, StringComparison.Ordinal);
        Assert.False(Blacklist.Check(config, "sdc", "3600a0b8", "X", "Y", null, null).Blacklisted);

        var byDevice = Blacklist.Check(config, "sdc", "3600a0b8", "ACME", "Y", null, null);
        Assert.True(byDevice.Blacklisted);
        Assert.Equal("device", byDevice.Criterion);
        Assert.Contains("bl.conf:3", byDevice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_rules_need_a_whitelisted_property()
    {
        var config = Load("");
        var withWwn = new Dictionary<string, string> { ["ID_WWN"] = "0x5000", ["DEVTYPE"] = "disk" };
        var without = new Dictionary<string, string> { ["DEVTYPE"] = "disk" };
        Assert.False(Blacklist.Check(config, "sda", null, null, null, withWwn, null).Blacklisted);
        var missing = Blacklist.Check(config, "sda", null, null, null, without, null);
        Assert.True(missing.Blacklisted);
        Assert.Contains("udev property missing", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Inverted_patterns_and_protocol_rules_apply()
    {
        var config = Load("blacklist {\n protocol \"scsi:(sas|ata)\"\n}\nblacklist_exceptions {\n devnode \"!^sdz\"\n}\n");
        Assert.True(Blacklist.Check(config, "sdz", null, null, null, null, "scsi:sas").Blacklisted);
        Assert.False(Blacklist.Check(config, "sdz", null, null, null, null, "scsi:fcp").Blacklisted);
        // sdb is excepted by the inverted devnode exception; protocol is a later criterion and still applies.
        Assert.True(Blacklist.Check(config, "sdb", null, null, null, null, "scsi:ata").Blacklisted);
    }

    [Fact]
    public void Product_blacklist_of_a_device_entry_blacklists_that_vendors_product()
    {
        var config = Load("");
        var lunz = Blacklist.Check(config, "sdd", null, "DGC", "LUNZ", null, null);
        Assert.True(lunz.Blacklisted);
        Assert.Equal("device", lunz.Criterion);
        Assert.False(Blacklist.Check(config, "sdd", null, "DGC", "VRAID", null, null).Blacklisted);
    }

    [Fact]
    public void Lint_warns_about_immediate_or_short_failback_on_active_passive_arrays_only()
    {
        var ap = ConfigLoader.LoadText("overrides {\n failback immediate\n}\n", "l.conf").Config;
        var warnings = FailbackLint.Check(ap);
        Assert.Contains(warnings, w => w.Line == 2 && w.Message.Contains("DGC", StringComparison.Ordinal) && w.Message.Contains("followover", StringComparison.Ordinal));

        var shortDefer = ConfigLoader.LoadText("devices {\n device {\n  vendor X\n  product Y\n  hardware_handler \"1 rdac\"\n  failback 30\n }\n}\n", "l.conf").Config;
        Assert.Contains(FailbackLint.Check(shortDefer), w => w.Line == 6);

        var longDefer = ConfigLoader.LoadText("devices {\n device {\n  vendor X\n  product Y\n  hardware_handler \"1 rdac\"\n  failback 120\n }\n}\n").Config;
        Assert.Empty(FailbackLint.Check(longDefer));

        var activeActive = ConfigLoader.LoadText("devices {\n device {\n  vendor X\n  product Y\n  path_grouping_policy multibus\n  failback immediate\n }\n}\n").Config;
        Assert.Empty(FailbackLint.Check(activeActive));

        var defaults = ConfigLoader.LoadText("defaults {\n failback immediate\n prio alua\n}\n", "l.conf").Config;
        Assert.Contains(FailbackLint.Check(defaults), w => w.Line == 2 && w.Message.Contains("defaults", StringComparison.Ordinal));

        Assert.Empty(FailbackLint.Check(ConfigLoader.LoadText("").Config));
    }

    [Fact]
    public void Config_dir_files_load_after_the_main_file_in_name_order()
    {
        var files = new InMemoryConfigFiles(new Dictionary<string, string>
        {
            ["/etc/multipath.conf"] = "defaults {\n verbosity 1\n polling_interval 3\n}\n",
            ["/etc/multipath/conf.d/20-b.conf"] = "defaults {\n verbosity 5\n}\n",
            ["/etc/multipath/conf.d/10-a.conf"] = "defaults {\n verbosity 4\n rr_min_io 9\n}\n",
            ["/etc/multipath/conf.d/30-c.txt"] = "defaults {\n verbosity 6\n}\n",
        });
        var loaded = ConfigLoader.Load("/etc/multipath.conf", files);
        Assert.Empty(loaded.Diagnostics);
        Assert.Equal(["/etc/multipath.conf", "/etc/multipath/conf.d/10-a.conf", "/etc/multipath/conf.d/20-b.conf"], loaded.FilesRead);
        Assert.Equal("5", loaded.Config.Defaults["verbosity"]!.Value);
        Assert.Equal("9", loaded.Config.Defaults["rr_min_io"]!.Value);
        Assert.Equal("3", loaded.Config.Defaults["polling_interval"]!.Value);
    }

    [Fact]
    public void Missing_default_file_uses_builtins_but_a_required_file_is_an_error()
    {
        var none = new InMemoryConfigFiles(new Dictionary<string, string>());
        Assert.Empty(ConfigLoader.Load("/etc/multipath.conf", none).Diagnostics);
        var required = ConfigLoader.Load("/x/my.conf", none, mainRequired: true);
        var d = Assert.Single(required.Diagnostics);
        Assert.Equal("/x/my.conf", d.File);
        Assert.True(d.IsError);
    }
}
