using Mpath.Core.Config.Keywords;
using Mpath.Core.Config.Sections;
using Mpath.Core.Model;

namespace Mpath.Core.Config.Lint;

/// <summary>
/// Warns about failback settings that make hosts sharing an active/passive LUN pull it back and forth
/// between controllers: <c>failback immediate</c>, or a deferred failback under a minute, where the
/// array is active/passive (handler emc, rdac or hp_sw; or failover grouping with an emc, rdac, hp_sw
/// or alua preference). Only values written by the user are reported, at the line that set them.
/// </summary>
public static class FailbackLint
{
    /// <summary>Deferred failbacks shorter than this still fail back before a peer's failover settles.</summary>
    public const int MinimumSafeDeferSeconds = 60;

    private static readonly string[] ActivePassiveHandlers = ["emc", "rdac", "hp_sw"];
    private static readonly string[] ActivePassivePrios = ["emc", "rdac", "hp_sw", "alua"];

    public static IReadOnlyList<ConfigDiagnostic> Check(MultipathConfig config)
    {
        var diagnostics = new DiagnosticBag();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        Report(Get(config.Defaults, "failback"), Get(config.Defaults, "path_grouping_policy"), null, Get(config.Defaults, "prio"), "the defaults section");
        if (Get(config.Overrides, "failback") is { } overridden)
        {
            Report(overridden,
                Get(config.Overrides, "path_grouping_policy") ?? Get(config.Defaults, "path_grouping_policy"), null,
                Get(config.Overrides, "prio") ?? Get(config.Defaults, "prio"), "the overrides section");
        }

        foreach (var device in config.Devices)
        {
            var failback = Get(config.Overrides, "failback") ?? Get(device.Attributes, "failback") ?? Get(config.Defaults, "failback");
            // A user entry that only changes failback inherits the array's nature from the built-in entry for that vendor.
            var builtin = device.FromHardwareTable ? null : BuiltinEntryForVendor(config, device);
            var pgp = Get(config.Overrides, "path_grouping_policy") ?? Get(device.Attributes, "path_grouping_policy")
                ?? (builtin is null ? null : Get(builtin.Attributes, "path_grouping_policy")) ?? Get(config.Defaults, "path_grouping_policy");
            var prio = Get(config.Overrides, "prio") ?? Get(device.Attributes, "prio")
                ?? (builtin is null ? null : Get(builtin.Attributes, "prio")) ?? Get(config.Defaults, "prio");
            var handler = Get(device.Attributes, "hardware_handler") ?? (builtin is null ? null : Get(builtin.Attributes, "hardware_handler"));
            Report(failback, pgp, handler, prio, $"device \"{device.Vendor}\"/\"{device.Product}\"");
        }
        return diagnostics.Items;

        void Report(ConfigSetting? failback, ConfigSetting? pgp, ConfigSetting? handler, ConfigSetting? prio, string subject)
        {
            if (failback is null || failback.Origin.BuiltIn || !IsRisky(failback.Value))
            {
                return;
            }
            var why = ActivePassiveReason(handler?.Value ?? "0", pgp?.Value ?? KeywordTable.Get("path_grouping_policy").Default!, prio?.Value ?? KeywordTable.Get("prio").Default!);
            if (why is null)
            {
                return;
            }
            var message = $"failback {failback.Value} for {subject}, which is active/passive ({why}): hosts sharing a LUN can ping-pong it between controllers, each failback pulling it away from a host that failed over; use 'failback followover', which fails back only when the preferred paths return";
            if (seen.Add($"{failback.Origin.File}:{failback.Origin.Line}:{message}"))
            {
                diagnostics.Warning(failback.Origin.File, failback.Origin.Line, message);
            }
        }
    }

    /// <summary>Immediate, or deferred by less than <see cref="MinimumSafeDeferSeconds"/>.</summary>
    public static bool IsRisky(string failback) =>
        Failback.TryParse(failback, out var parsed)
        && (parsed.Mode == FailbackMode.Immediate || (parsed.Mode == FailbackMode.Deferred && parsed.DeferSeconds < MinimumSafeDeferSeconds));

    /// <summary>Why the settings describe an active/passive array, or null if they do not.</summary>
    public static string? ActivePassiveReason(string hardwareHandler, string pathGroupingPolicy, string prio)
    {
        var words = hardwareHandler.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var handler = words.Length == 2 ? words[1] : null;
        if (handler is not null && ActivePassiveHandlers.Contains(handler))
        {
            return $"hardware_handler \"{hardwareHandler}\"";
        }
        if (pathGroupingPolicy == "failover" && (handler == "alua" || ActivePassivePrios.Contains(prio)))
        {
            return handler == "alua" ? "path_grouping_policy failover with hardware_handler alua" : $"path_grouping_policy failover with prio {prio}";
        }
        return null;
    }

    private static ConfigSetting? Get(AttributeSet set, string keyword) => set[keyword];

    /// <summary>The last built-in entry whose vendor pattern matches the user entry's vendor text (anchors removed).</summary>
    private static DeviceEntry? BuiltinEntryForVendor(MultipathConfig config, DeviceEntry user)
    {
        var vendor = user.Vendor.TrimStart('^').TrimEnd('$');
        return config.Devices.LastOrDefault(d => d.FromHardwareTable && d.Attributes["hardware_handler"] is not null
            && ConfigRegex.IsMatch(ConfigRegex.Create(d.Vendor), vendor));
    }
}
