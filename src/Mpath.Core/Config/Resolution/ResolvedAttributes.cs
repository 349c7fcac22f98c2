using System.Globalization;
using Mpath.Core.Model;

namespace Mpath.Core.Config.Resolution;

/// <summary>
/// Every per-path/per-map attribute resolved for one path and map, with its source, plus typed
/// accessors for what the engine needs. Values are canonical (validated at load), so the typed
/// parsers cannot fail on them; they fall back to the compiled-in default defensively.
/// </summary>
public sealed class ResolvedAttributes(IReadOnlyDictionary<string, ResolvedValue> values)
{
    /// <summary>Every attribute in keyword table order.</summary>
    public IReadOnlyDictionary<string, ResolvedValue> All { get; } = values;

    public ResolvedValue this[string keyword] => All[keyword];

    public string Text(string keyword) => All.TryGetValue(keyword, out var v) ? v.Value : "";

    public Failback Failback => Failback.TryParse(Text("failback"), out var f) ? f : Failback.Manual;
    public NoPathRetry NoPathRetry => NoPathRetry.TryParse(Text("no_path_retry"), out var n) ? n : NoPathRetry.Fail;
    public int PollingInterval => Int("polling_interval", 5);
    public int MaxPollingInterval => Int("max_polling_interval", 4 * PollingInterval);
    public string Checker => Text("path_checker");
    public string PrioName => Text("prio");
    public string PrioArgs => Text("prio_args");
    public string PathGroupingPolicy => Text("path_grouping_policy");
    public string PathSelector => Text("path_selector");
    public string HardwareHandler => Text("hardware_handler");
    /// <summary>The dm features with queue_if_no_path removed: queueing is driven by <see cref="NoPathRetry"/>.</summary>
    public string Features => Text("features");
    public string RrWeight => Text("rr_weight");
    public int RrMinIo => Int("rr_min_io", 1000);
    public int RrMinIoRq => Int("rr_min_io_rq", 1);
    public string FlushOnLastDel => Text("flush_on_last_del");
    public int? DelayWatchChecks => NoOrNumber("delay_watch_checks");
    public int? DelayWaitChecks => NoOrNumber("delay_wait_checks");
    public int? SanPathErrThreshold => NoOrNumber("san_path_err_threshold");
    public int? SanPathErrForgetRate => NoOrNumber("san_path_err_forget_rate");
    public int? SanPathErrRecoveryTime => NoOrNumber("san_path_err_recovery_time");
    public int? MarginalPathErrSampleTime => NoOrNumber("marginal_path_err_sample_time");
    public int? MarginalPathErrRateThreshold => NoOrNumber("marginal_path_err_rate_threshold");
    public int? MarginalPathErrRecheckGapTime => NoOrNumber("marginal_path_err_recheck_gap_time");
    public int? MarginalPathDoubleFailedTime => NoOrNumber("marginal_path_double_failed_time");
    public int? GhostDelay => NoOrNumber("ghost_delay");
    public bool UserFriendlyNames => Text("user_friendly_names") == "yes";
    public string AliasPrefix => Text("alias_prefix");
    /// <summary>The alias from the multipaths section, or null (then user_friendly_names/bindings or the WWID name the map).</summary>
    public string? Alias => All.TryGetValue("alias", out var a) && a.IsSet ? a.Value : null;

    /// <summary>mpath: automatic failbacks allowed per <see cref="FailbackRateWindow"/>; 0 = unlimited.</summary>
    public int FailbackRateLimit => Int("failback_rate_limit", 0);
    public TimeSpan FailbackRateWindow => TimeSpan.FromSeconds(Int("failback_rate_window", 3600));
    /// <summary>mpath: an operator's switch group holds until the next real path event.</summary>
    public bool StickySwitchGroup => Text("sticky_switch_group") == "yes";
    /// <summary>mpath: window after reinstatement in which a new failure marks the path flaky; zero = off.</summary>
    public TimeSpan FlakyPathWindow => TimeSpan.FromSeconds(Int("flaky_path_window", 0));
    public TimeSpan FlakyPathHold => TimeSpan.FromSeconds(Int("flaky_path_hold", 300));
    public int PingpongThreshold => Int("pingpong_threshold", 4);
    public TimeSpan PingpongWindow => TimeSpan.FromSeconds(Int("pingpong_window", 300));

    private int Int(string keyword, int fallback) =>
        int.TryParse(Text(keyword), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    private int? NoOrNumber(string keyword) =>
        int.TryParse(Text(keyword), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
