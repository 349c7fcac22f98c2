using System.Collections.Frozen;
using static Mpath.Core.Config.Keywords.KeywordScope;
using static Mpath.Core.Config.Keywords.ValueKind;

namespace Mpath.Core.Config.Keywords;

/// <summary>
/// Every keyword of multipath-tools 0.14's multipath.conf, plus mpath's own extensions, in the order
/// <c>config show</c> prints them. Defaults are the compiled-in values (null: unset).
/// </summary>
public static class KeywordTable
{
    private static readonly Dictionary<string, string> YesNoSynonyms = new() { ["1"] = "yes", ["0"] = "no" };

    private static Keyword Choice(string name, KeywordScope scopes, string? def, params string[] choices) =>
        new(name, scopes, ValueKind.Choice, def) { Choices = choices };

    private static Keyword Int(string name, KeywordScope scopes, string? def, long min = int.MinValue, long max = int.MaxValue) =>
        new(name, scopes, Integer, def) { Min = min, Max = max };

    private static Keyword Flag(string name, KeywordScope scopes, string def) => new(name, scopes, YesNo, def);

    private static Keyword Ident(string name, KeywordScope scopes, ValueKind kind) => new(name, scopes, kind) { IsIdentity = true };

    private static Keyword Mpath(Keyword keyword) => keyword with { MpathOnly = true };

    public static IReadOnlyList<Keyword> All { get; } =
    [
        // defaults-only daemon settings
        Int("verbosity", Defaults, "2", 0, 6),
        Int("polling_interval", Defaults, "5", 1),
        new("max_polling_interval", Defaults, Integer) { Min = 1, DefaultNote = "4 * polling_interval" },
        Flag("reassign_maps", Defaults, "no"),
        new("multipath_dir", Defaults, Deprecated),
        new("config_dir", Defaults, NonEmptyText, "/etc/multipath/conf.d"),

        // per-map attributes (defaults, devices, overrides, multipaths)
        new("path_selector", MapLevel, PathSelector, "service-time 0"),
        Choice("path_grouping_policy", MapLevel, "failover", "failover", "multibus", "group_by_serial", "group_by_prio", "group_by_node_name", "group_by_tpg"),
        Flag("detect_pgpolicy", PathLevel, "yes"),
        Flag("detect_pgpolicy_use_tpg", PathLevel, "no"),
        new("pg_timeout", Defaults | Device | Multipath, Deprecated),
        new("uid_attrs", Defaults, Text),
        new("uid_attribute", PathLevel, Text, "ID_SERIAL"),
        new("getuid_callout", PathLevel, Deprecated),
        Choice("prio", MapLevel, "const", "const", "sysfs", "emc", "alua", "ontap", "rdac", "hp_sw", "hds", "random", "weightedpath", "path_latency", "ana", "datacore", "iet", "none"),
        new("prio_args", MapLevel, Text, ""),
        new("features", MapLevel, Features, "0"),
        Choice("path_checker", PathLevel, "tur", "tur", "readsector0", "emc_clariion", "hp_sw", "rdac", "directio", "cciss_tur", "none"),
        new("alias_prefix", PathLevel, NonEmptyText, "mpath"),
        new("failback", MapLevel, ValueKind.Failback, "manual"),
        Int("rr_min_io", MapLevel, "1000", 1),
        Int("rr_min_io_rq", MapLevel, "1", 1),
        new("max_fds", Defaults, MaxOrPositive, "max"),
        Choice("rr_weight", MapLevel, "uniform", "uniform", "priorities"),
        new("no_path_retry", MapLevel, ValueKind.NoPathRetry, "fail"),
        Choice("queue_without_daemon", Defaults, "no", "no", "yes") with { Synonyms = YesNoSynonyms },
        Int("checker_timeout", Defaults, null, 1),
        Flag("allow_usb_devices", Defaults, "no"),
        Choice("flush_on_last_del", MapLevel, "unused", "always", "unused", "never") with
        {
            Synonyms = new Dictionary<string, string> { ["yes"] = "always", ["no"] = "unused", ["1"] = "always", ["0"] = "unused" },
        },
        Flag("user_friendly_names", MapLevel, "no"),
        new("fast_io_fail_tmo", PathLevel | Protocol, OffOrNonNegative, "5"),
        new("dev_loss_tmo", PathLevel | Protocol, InfinityOrNonNegative),
        new("eh_deadline", PathLevel | Protocol, OffOrNonNegative),
        new("bindings_file", Defaults, Deprecated),
        new("wwids_file", Defaults, Deprecated),
        new("prkeys_file", Defaults, Deprecated),
        Choice("log_checker_err", Defaults, "always", "always", "once"),
        new("reservation_key", Defaults | Multipath, ReservationKey),
        Flag("all_tg_pt", PathLevel, "no"),
        Flag("retain_attached_hw_handler", PathLevel, "yes"),
        Flag("detect_prio", PathLevel, "yes"),
        Flag("detect_checker", PathLevel, "yes"),
        Flag("force_sync", Defaults, "no"),
        Flag("strict_timing", Defaults, "no"),
        Flag("deferred_remove", MapLevel, "no"),
        new("partition_delimiter", Defaults, Text),
        new("san_path_err_threshold", MapLevel, NoOrPositive, "no"),
        new("san_path_err_forget_rate", MapLevel, NoOrPositive, "no"),
        new("san_path_err_recovery_time", MapLevel, NoOrPositive, "no"),
        new("marginal_path_double_failed_time", MapLevel, NoOrPositive, "no"),
        new("marginal_path_err_sample_time", MapLevel, NoOrPositive, "no"),
        new("marginal_path_err_rate_threshold", MapLevel, NoOrPositive, "no"),
        new("marginal_path_err_recheck_gap_time", MapLevel, NoOrPositive, "no"),
        new("delay_watch_checks", MapLevel, NoOrPositive, "no"),
        new("delay_wait_checks", MapLevel, NoOrPositive, "no"),
        Choice("marginal_pathgroups", Defaults, "off", "off", "on", "fpin") with
        {
            Synonyms = new Dictionary<string, string> { ["no"] = "off", ["yes"] = "on", ["0"] = "off", ["1"] = "on" },
        },
        Choice("find_multipaths", Defaults, "strict", "off", "on", "strict", "greedy", "smart") with
        {
            Synonyms = new Dictionary<string, string> { ["no"] = "off", ["yes"] = "on", ["0"] = "off", ["1"] = "on" },
        },
        Int("find_multipaths_timeout", Defaults, "-10"),
        Int("uxsock_timeout", Defaults, "4000", 100),
        Int("retrigger_tries", Defaults, "3", 0),
        Int("retrigger_delay", Defaults, "10", 0),
        Int("missing_uev_wait_timeout", Defaults, "30", 0),
        Flag("skip_kpartx", MapLevel, "no"),
        new("disable_changed_wwids", Defaults, Deprecated),
        Int("remove_retries", Defaults, "0", 0),
        Int("max_sectors_kb", MapLevel, null, 1),
        new("ghost_delay", MapLevel, NoOrPositive, "no"),
        new("enable_foreign", Defaults, ValueKind.Regex, "NONE"),
        Flag("recheck_wwid", Defaults, "no"),
        Choice("auto_resize", Defaults, "never", "never", "grow_only", "grow_shrink"),
        Int("max_retries", Defaults, null, 0, 5),
        Flag("purge_disconnected", MapLevel, "no"),

        // mpath extensions
        Mpath(Int("failback_rate_limit", MapLevel, "0", 0)),
        Mpath(Int("failback_rate_window", MapLevel, "3600", 1)),
        Mpath(Flag("sticky_switch_group", MapLevel, "no")),
        Mpath(Int("flaky_path_window", MapLevel, "0", 0)),
        Mpath(Int("flaky_path_hold", MapLevel, "300", 1)),
        Mpath(Int("pingpong_threshold", MapLevel, "4", 1)),
        Mpath(Int("pingpong_window", MapLevel, "300", 1)),

        // devices/device only
        Ident("vendor", Device | BlacklistDevice, ValueKind.Regex),
        Ident("product", Device | BlacklistDevice, ValueKind.Regex),
        Ident("revision", Device, ValueKind.Regex),
        Ident("product_blacklist", Device, ValueKind.Regex),
        Choice("vpd_vendor", Device, null, "hp3par"),
        new("hardware_handler", Device, HardwareHandler, "0"),

        // multipaths/multipath only
        Ident("wwid", Multipath | BlacklistSection, NonEmptyText),
        new("alias", Multipath, NonEmptyText),
        new("mode", Multipath, OctalMode),
        new("uid", Multipath, NonEmptyText),
        new("gid", Multipath, NonEmptyText),

        // blacklist / blacklist_exceptions
        Ident("devnode", BlacklistSection, BlacklistRegex),
        Ident("property", BlacklistSection, BlacklistRegex),
        Ident("protocol", BlacklistSection, BlacklistRegex),

        // overrides/protocol
        Choice("type", Protocol, null, "scsi:fcp", "scsi:spi", "scsi:ssa", "scsi:sbp", "scsi:srp", "scsi:iscsi", "scsi:sas", "scsi:adt", "scsi:ata",
            "scsi:unspec", "nvme:pcie", "nvme:rdma", "nvme:fc", "nvme:tcp", "nvme:loop", "nvme:apple-nvme", "nvme:unspec", "ccw", "cciss", "undef")
            with { IsIdentity = true },
    ];

    /// <summary>Older spellings that multipath-tools still accepts, mapped to the keyword they set.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>
    {
        ["checker"] = "path_checker",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Keyword> ByName = All.ToFrozenDictionary(k => k.Name);

    /// <summary>Finds a keyword by name or alias.</summary>
    public static Keyword? Find(string name) =>
        ByName.TryGetValue(Aliases.TryGetValue(name, out var canonical) ? canonical : name, out var keyword) ? keyword : null;

    public static Keyword Get(string name) => Find(name) ?? throw new KeyNotFoundException($"no keyword '{name}'");

    /// <summary>Keywords a section prints and resolves, in table order (identity keywords and deprecated ones excluded).</summary>
    public static IEnumerable<Keyword> AttributesOf(KeywordScope scope) =>
        All.Where(k => k.ValidIn(scope) && !k.IsIdentity && !k.IsDeprecated);
}
