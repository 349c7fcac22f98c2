using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Resolution;
using Mpath.Core.Model;

namespace Mpath.Core.Tests.Config;

public class ResolutionTests
{
    private const string Wwid = "36005076801810523c000000000000001";

    private static ResolvedAttributes Resolve(string text, string vendor = "ACME", string product = "BOX", string revision = "", string? wwid = Wwid,
        bool alua = false, string protocol = "scsi:fcp", string? attached = null)
    {
        var loaded = ConfigLoader.LoadText(text);
        Assert.True(loaded.Diagnostics.Count == 0, string.Join("\n", loaded.Diagnostics));
        return new AttributeResolver(loaded.Config).Resolve(new PathIdentity(vendor, product, revision, protocol), wwid, alua, attached);
    }

    private static string Layers(params string[] present)
    {
        var text = "";
        if (present.Contains("defaults"))
        {
            text += "defaults {\n failback 11\n}\n";
        }
        if (present.Contains("devices"))
        {
            text += "devices {\n device {\n  vendor IBM\n  product ^2145\n  failback 22\n }\n}\n";
        }
        if (present.Contains("overrides"))
        {
            text += "overrides {\n failback 33\n}\n";
        }
        if (present.Contains("multipaths"))
        {
            text += $"multipaths {{\n multipath {{\n  wwid {Wwid}\n  failback 44\n }}\n}}\n";
        }
        return text;
    }

    [Theory]
    [InlineData("multipaths", "44", "multipaths", "overrides", "devices", "defaults")]
    [InlineData("overrides", "33", "overrides", "devices", "defaults")]
    [InlineData("devices", "22", "devices", "defaults")]
    [InlineData("hwtable", "immediate", "defaults")]
    public void Each_level_beats_the_next(string expectedSource, string expectedValue, params string[] layers)
    {
        var resolved = Resolve(Layers(layers), "IBM", "2145");
        Assert.Equal(new ResolvedValue(expectedValue, Enum.Parse<ConfigSource>(expectedSource, ignoreCase: true)), resolved["failback"]);
    }

    [Fact]
    public void User_defaults_beat_compiled_in_defaults_and_lose_to_the_hardware_table()
    {
        var resolved = Resolve("defaults {\n failback 11\n rr_min_io 77\n}\n", "IBM", "2145");
        Assert.Equal(new ResolvedValue("immediate", ConfigSource.Hwtable), resolved["failback"]);
        Assert.Equal(new ResolvedValue("77", ConfigSource.Defaults), resolved["rr_min_io"]);
        Assert.Equal(new ResolvedValue("1", ConfigSource.Builtin), resolved["rr_min_io_rq"]);
    }

    [Fact]
    public void Device_regexes_are_unanchored_and_need_vendor_and_product_and_revision_when_given()
    {
        const string text = "devices {\n device {\n  vendor CME\n  product OX\n  revision ^2\n  rr_weight priorities\n }\n}\n";
        Assert.Equal(ConfigSource.Devices, Resolve(text, revision: "2.1")["rr_weight"].Source);
        Assert.Equal(ConfigSource.Builtin, Resolve(text, revision: "3.0")["rr_weight"].Source);
        Assert.Equal(ConfigSource.Builtin, Resolve(text, product: "other", revision: "2.1")["rr_weight"].Source);
    }

    [Fact]
    public void Later_matching_device_entries_beat_earlier_ones_attribute_by_attribute()
    {
        const string text = "devices {\n device {\n  vendor ACME\n  product .*\n  rr_weight priorities\n  rr_min_io 10\n }\n device {\n  vendor ACME\n  product BOX\n  rr_min_io 20\n }\n}\n";
        var resolved = Resolve(text);
        Assert.Equal("20", resolved["rr_min_io"].Value);
        Assert.Equal("priorities", resolved["rr_weight"].Value);
    }

    [Fact]
    public void Identical_user_entry_merges_over_the_hardware_table_entry()
    {
        var loaded = ConfigLoader.LoadText("devices {\n device {\n  vendor IBM\n  product ^2145\n  no_path_retry 12\n }\n}\n");
        Assert.Single(loaded.Config.Devices, d => d.Vendor == "IBM" && d.Product == "^2145");
        var resolved = new AttributeResolver(loaded.Config).Resolve(new PathIdentity("IBM", "2145"));
        Assert.Equal(new ResolvedValue("12", ConfigSource.Devices), resolved["no_path_retry"]);
        Assert.Equal(new ResolvedValue("alua", ConfigSource.Hwtable), resolved["prio"]);
    }

    [Fact]
    public void Protocol_subsection_beats_the_rest_of_overrides_for_matching_protocol_only()
    {
        const string text = "overrides {\n dev_loss_tmo 30\n protocol {\n  type scsi:fcp\n  dev_loss_tmo 90\n }\n}\n";
        Assert.Equal("90", Resolve(text, protocol: "scsi:fcp")["dev_loss_tmo"].Value);
        Assert.Equal("30", Resolve(text, protocol: "scsi:iscsi")["dev_loss_tmo"].Value);
    }

    [Fact]
    public void No_path_retry_beats_queue_if_no_path_which_is_stripped_from_features()
    {
        var explicitRetry = Resolve("defaults {\n features \"1 queue_if_no_path\"\n no_path_retry fail\n}\n");
        Assert.Equal("0", explicitRetry.Features);
        Assert.Equal(NoPathRetry.Fail, explicitRetry.NoPathRetry);

        var onlyFeature = Resolve("devices {\n device {\n  vendor ACME\n  product BOX\n  features \"3 queue_if_no_path pg_init_retries 50\"\n }\n}\n");
        Assert.Equal("2 pg_init_retries 50", onlyFeature.Features);
        Assert.Equal(new ResolvedValue("queue", ConfigSource.Devices), onlyFeature["no_path_retry"]);
    }

    [Fact]
    public void Detect_prio_and_detect_checker_pick_alua_and_tur_when_alua_is_supported()
    {
        var resolved = Resolve("", "DGC", "VRAID", alua: true);
        Assert.Equal(new ResolvedValue("alua", ConfigSource.Builtin), resolved["prio"]);
        // The built-in DGC entry sets detect_checker no, so its checker stays emc_clariion even with ALUA.
        Assert.Equal("emc_clariion", resolved.Checker);
        var detectCheckerOn = Resolve("overrides {\n detect_checker yes\n}\n", "DGC", "VRAID", alua: true);
        Assert.Equal("tur", detectCheckerOn.Checker);

        var notAlua = Resolve("", "DGC", "VRAID");
        Assert.Equal("emc", notAlua.PrioName);
        Assert.Equal("emc_clariion", notAlua.Checker);

        var detectionOff = Resolve("overrides {\n detect_prio no\n detect_checker no\n}\n", "DGC", "VRAID", alua: true);
        Assert.Equal("emc", detectionOff.PrioName);
        Assert.Equal("emc_clariion", detectionOff.Checker);

        var multipathPrio = Resolve($"multipaths {{\n multipath {{\n  wwid {Wwid}\n  prio const\n }}\n}}\n", "DGC", "VRAID", alua: true);
        Assert.Equal(new ResolvedValue("const", ConfigSource.Multipaths), multipathPrio["prio"]);
    }

    [Fact]
    public void Retained_hardware_handler_replaces_the_configured_one()
    {
        Assert.Equal("1 alua", Resolve("", "DGC", "VRAID", attached: "alua").HardwareHandler);
        Assert.Equal("1 emc", Resolve("overrides {\n retain_attached_hw_handler no\n}\n", "DGC", "VRAID", attached: "alua").HardwareHandler);
        Assert.Equal("0", Resolve("").HardwareHandler);
    }

    [Fact]
    public void Max_polling_interval_defaults_to_four_polling_intervals()
    {
        Assert.Equal(20, Resolve("").MaxPollingInterval);
        Assert.Equal(36, Resolve("defaults {\n polling_interval 9\n}\n").MaxPollingInterval);
        Assert.Equal(15, Resolve("defaults {\n polling_interval 9\n max_polling_interval 15\n}\n").MaxPollingInterval);
    }

    [Fact]
    public void Alias_comes_from_multipaths_and_user_friendly_names_from_the_usual_chain()
    {
        var resolved = Resolve($"defaults {{\n user_friendly_names yes\n alias_prefix disk\n}}\nmultipaths {{\n multipath {{\n  wwid {Wwid}\n  alias db1\n }}\n}}\n");
        Assert.Equal("db1", resolved.Alias);
        Assert.True(resolved.UserFriendlyNames);
        Assert.Equal("disk", resolved.AliasPrefix);
        Assert.Null(Resolve("", wwid: null).Alias);
    }

    [Fact]
    public void Typed_accessors_expose_engine_settings_including_mpath_extensions()
    {
        var resolved = Resolve("defaults {\n failback followover\n no_path_retry 12\n failback_rate_limit 3\n failback_rate_window 600\n sticky_switch_group yes\n flaky_path_window 120\n flaky_path_hold 900\n pingpong_threshold 6\n pingpong_window 60\n delay_watch_checks 4\n ghost_delay no\n}\n");
        Assert.Equal(Failback.Followover, resolved.Failback);
        Assert.Equal(NoPathRetry.Times(12), resolved.NoPathRetry);
        Assert.Equal(3, resolved.FailbackRateLimit);
        Assert.Equal(TimeSpan.FromMinutes(10), resolved.FailbackRateWindow);
        Assert.True(resolved.StickySwitchGroup);
        Assert.Equal(TimeSpan.FromSeconds(120), resolved.FlakyPathWindow);
        Assert.Equal(TimeSpan.FromSeconds(900), resolved.FlakyPathHold);
        Assert.Equal(6, resolved.PingpongThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), resolved.PingpongWindow);
        Assert.Equal(4, resolved.DelayWatchChecks);
        Assert.Null(resolved.GhostDelay);
        Assert.Equal("service-time 0", resolved.PathSelector);
        Assert.Equal("failover", resolved.PathGroupingPolicy);
    }
}
