using System.Globalization;
using Mpath.Core.Config.Keywords;
using Mpath.Core.Config.Sections;

namespace Mpath.Core.Config.Resolution;

/// <summary>
/// Resolves attributes in multipath-tools' precedence: multipaths &gt; overrides (protocol subsection
/// first) &gt; devices (user) &gt; hardware table &gt; defaults &gt; compiled-in, then applies the
/// interactions multipath-tools applies (detect_prio, detect_checker, queue_if_no_path, ...).
/// </summary>
public sealed class AttributeResolver(MultipathConfig config)
{
    private static readonly Keyword[] Resolvable =
        KeywordTable.All.Where(k => !k.IsIdentity && !k.IsDeprecated && k.ValidIn(KeywordScope.MapLevel)).ToArray();

    /// <param name="path">The path's vendor, product, revision and protocol.</param>
    /// <param name="wwid">The map's WWID, for the multipaths section; null when not known.</param>
    /// <param name="aluaSupported">The path reports ALUA (TPGS != 0); drives detect_prio and detect_checker.</param>
    /// <param name="attachedHardwareHandler">The kernel's already attached device handler (e.g. "alua"), for retain_attached_hw_handler.</param>
    public ResolvedAttributes Resolve(PathIdentity path, string? wwid = null, bool aluaSupported = false, string? attachedHardwareHandler = null)
    {
        var multipath = config.FindMultipath(wwid);
        var protocols = config.OverrideProtocols.Where(p => p.Type == path.Protocol).ToList();
        var devices = config.Devices.Where(d => d.Matches(path.Vendor, path.Product, path.Revision)).ToList();

        var values = new Dictionary<string, ResolvedValue>(Resolvable.Length, StringComparer.Ordinal);
        foreach (var keyword in Resolvable)
        {
            values[keyword.Name] = ResolveOne(keyword, multipath, protocols, devices);
        }

        if (!values["max_polling_interval"].IsSet)
        {
            var polling = int.Parse(values["polling_interval"].Value, CultureInfo.InvariantCulture);
            values["max_polling_interval"] = new ResolvedValue((4 * polling).ToString(CultureInfo.InvariantCulture), values["polling_interval"].Source);
        }
        ApplyDetection(values, aluaSupported);
        ReconcileQueueing(values);
        if (attachedHardwareHandler is { Length: > 0 } && values["retain_attached_hw_handler"].Value == "yes")
        {
            // The kernel keeps the handler it attached; what the configuration says does not apply.
            values["hardware_handler"] = new ResolvedValue("1 " + attachedHardwareHandler, values["retain_attached_hw_handler"].Source);
        }
        return new ResolvedAttributes(values);
    }

    private ResolvedValue ResolveOne(Keyword keyword, MultipathEntry? multipath, List<ProtocolEntry> protocols, List<DeviceEntry> devices)
    {
        if (keyword.ValidIn(KeywordScope.Multipath) && multipath?.Attributes[keyword.Name] is { } fromMultipath)
        {
            return new ResolvedValue(fromMultipath.Value, ConfigSource.Multipaths);
        }
        if (keyword.ValidIn(KeywordScope.Protocol))
        {
            for (var i = protocols.Count - 1; i >= 0; i--)
            {
                if (protocols[i].Attributes[keyword.Name] is { } fromProtocol)
                {
                    return new ResolvedValue(fromProtocol.Value, ConfigSource.Overrides);
                }
            }
        }
        if (keyword.ValidIn(KeywordScope.Overrides) && config.Overrides[keyword.Name] is { } fromOverrides)
        {
            return new ResolvedValue(fromOverrides.Value, ConfigSource.Overrides);
        }
        if (keyword.ValidIn(KeywordScope.Device))
        {
            for (var i = devices.Count - 1; i >= 0; i--)
            {
                if (devices[i].Attributes[keyword.Name] is { } fromDevice)
                {
                    return new ResolvedValue(fromDevice.Value, fromDevice.Origin.BuiltIn ? ConfigSource.Hwtable : ConfigSource.Devices);
                }
            }
        }
        if (keyword.ValidIn(KeywordScope.Defaults) && config.Defaults[keyword.Name] is { } fromDefaults)
        {
            return new ResolvedValue(fromDefaults.Value, ConfigSource.Defaults);
        }
        return keyword.Default is null ? new ResolvedValue("", ConfigSource.Builtin, IsSet: false) : new ResolvedValue(keyword.Default, ConfigSource.Builtin);
    }

    /// <summary>
    /// detect_prio/detect_checker: with ALUA, multipath-tools picks prio alua and checker tur ahead of
    /// overrides, devices and defaults; only a multipaths prio beats the detected one.
    /// </summary>
    private static void ApplyDetection(Dictionary<string, ResolvedValue> values, bool aluaSupported)
    {
        if (!aluaSupported)
        {
            return;
        }
        var detectPrio = values["detect_prio"];
        if (detectPrio.Value == "yes" && values["prio"].Source != ConfigSource.Multipaths)
        {
            values["prio"] = new ResolvedValue("alua", detectPrio.Source);
        }
        var detectChecker = values["detect_checker"];
        if (detectChecker.Value == "yes")
        {
            values["path_checker"] = new ResolvedValue("tur", detectChecker.Source);
        }
    }

    /// <summary>
    /// queue_if_no_path in features is the old spelling of no_path_retry queue: an explicit no_path_retry
    /// wins; without one the feature becomes no_path_retry queue. Either way the feature is removed,
    /// because the map's queueing follows no_path_retry.
    /// </summary>
    private static void ReconcileQueueing(Dictionary<string, ResolvedValue> values)
    {
        var features = values["features"];
        var words = features.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count < 2 || !words.Skip(1).Contains("queue_if_no_path"))
        {
            return;
        }
        words.RemoveAll(w => w == "queue_if_no_path");
        words[0] = (words.Count - 1).ToString(CultureInfo.InvariantCulture);
        values["features"] = features with { Value = string.Join(' ', words) };
        if (values["no_path_retry"].Source == ConfigSource.Builtin)
        {
            values["no_path_retry"] = new ResolvedValue("queue", features.Source);
        }
    }
}
