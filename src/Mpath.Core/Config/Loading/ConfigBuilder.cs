using Mpath.Core.Config.Blacklisting;
using Mpath.Core.Config.Keywords;
using Mpath.Core.Config.Sections;
using Mpath.Core.Config.Syntax;

namespace Mpath.Core.Config.Loading;

/// <summary>
/// Applies parsed files, in load order, to one <see cref="MultipathConfig"/>: checks every keyword
/// against the keyword table, normalizes values, merges duplicate entries, and reports problems as
/// located diagnostics while ignoring only the offending setting or section.
/// </summary>
public sealed class ConfigBuilder
{
    private readonly MultipathConfig _config = new();
    private readonly DiagnosticBag _diagnostics;

    public ConfigBuilder(DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
        _config.Blacklist.DevnodeList.Add(new BlacklistPattern(Blacklist.BuiltinDevnode, ConfigOrigin.Compiled));
        _config.Exceptions.PropertyList.Add(new BlacklistPattern(Blacklist.BuiltinPropertyException, ConfigOrigin.Compiled));
    }

    public MultipathConfig Config => _config;

    /// <summary>Applies one file. <paramref name="builtIn"/> marks the compiled-in hardware table, which may only hold devices.</summary>
    public void Apply(IReadOnlyList<ConfigNode> nodes, bool builtIn = false)
    {
        foreach (var node in nodes)
        {
            if (node is not ConfigSectionNode section)
            {
                _diagnostics.Error(node.File, node.Line, $"keyword '{node.Name}' outside any section; ignored");
                continue;
            }
            if (builtIn && section.Name != "devices")
            {
                _diagnostics.Error(node.File, node.Line, $"the built-in hardware table may only contain 'devices', not '{section.Name}'");
                continue;
            }
            switch (section.Name)
            {
                case "defaults":
                    ApplySettings(section, KeywordScope.Defaults, _config.Defaults, builtIn);
                    break;
                case "blacklist":
                    ApplyBlacklist(section, _config.Blacklist);
                    break;
                case "blacklist_exceptions":
                    ApplyBlacklist(section, _config.Exceptions);
                    break;
                case "devices":
                    foreach (var child in Subsections(section, "device"))
                    {
                        ApplyDevice(child, builtIn);
                    }
                    break;
                case "overrides":
                    ApplySettings(section, KeywordScope.Overrides, _config.Overrides, builtIn, "protocol");
                    foreach (var child in section.Children.OfType<ConfigSectionNode>().Where(c => c.Name == "protocol"))
                    {
                        ApplyProtocol(child);
                    }
                    break;
                case "multipaths":
                    foreach (var child in Subsections(section, "multipath"))
                    {
                        ApplyMultipath(child);
                    }
                    break;
                default:
                    _diagnostics.Error(section.File, section.Line,
                        $"unknown section '{section.Name}' (expected defaults, blacklist, blacklist_exceptions, devices, overrides or multipaths); ignored");
                    break;
            }
        }
    }

    /// <summary>The children of a container section that are the expected subsection; anything else is reported.</summary>
    private IEnumerable<ConfigSectionNode> Subsections(ConfigSectionNode parent, string expected)
    {
        foreach (var child in parent.Children)
        {
            if (child is ConfigSectionNode sub && sub.Name == expected)
            {
                yield return sub;
            }
            else
            {
                _diagnostics.Error(child.File, child.Line, $"'{child.Name}' is not valid in section '{parent.Name}' (only '{expected}' subsections are); ignored");
            }
        }
    }

    /// <summary>
    /// Validates and stores the plain settings of a section into <paramref name="target"/>; identity
    /// keywords (vendor, wwid, ...) are returned to the caller instead.
    /// </summary>
    private Dictionary<string, ConfigSetting> ApplySettings(ConfigSectionNode section, KeywordScope scope, AttributeSet? target, bool builtIn, string? allowedSubsection = null)
    {
        var identity = new Dictionary<string, ConfigSetting>(StringComparer.Ordinal);
        foreach (var child in section.Children)
        {
            if (child is ConfigSectionNode sub)
            {
                if (sub.Name != allowedSubsection)
                {
                    _diagnostics.Error(sub.File, sub.Line, $"subsection '{sub.Name}' is not valid in {scope.SectionName()}; ignored");
                }
                continue;
            }
            var setting = (ConfigSettingNode)child;
            if (!TryValidate(setting, scope, out var keyword, out var value))
            {
                continue;
            }
            var stored = new ConfigSetting(value, new ConfigOrigin(setting.File, setting.Line, builtIn));
            if (keyword.IsIdentity)
            {
                identity[keyword.Name] = stored;
            }
            else
            {
                target?.Set(keyword.Name, stored);
            }
        }
        return identity;
    }

    private bool TryValidate(ConfigSettingNode setting, KeywordScope scope, out Keyword keyword, out string value)
    {
        value = "";
        var found = KeywordTable.Find(setting.Name);
        keyword = found!;
        if (found is null)
        {
            _diagnostics.Error(setting.File, setting.Line, $"unknown keyword '{setting.Name}' in {scope.SectionName()}; ignored");
            return false;
        }
        if (!found.ValidIn(scope))
        {
            _diagnostics.Error(setting.File, setting.Line,
                $"keyword '{setting.Name}' is not valid in {scope.SectionName()} (valid in: {found.Scopes.SectionList()}); ignored");
            return false;
        }
        if (found.IsDeprecated)
        {
            _diagnostics.Warning(setting.File, setting.Line, $"keyword '{setting.Name}' is deprecated and has no effect; ignored");
            return false;
        }
        if (setting.Value is null)
        {
            _diagnostics.Error(setting.File, setting.Line, $"keyword '{setting.Name}' needs a value; ignored");
            return false;
        }
        var checkAs = scope == KeywordScope.BlacklistSection ? found with { Kind = ValueKind.BlacklistRegex } : found;
        if (!KeywordValues.TryNormalize(checkAs, setting.Value, out value, out var problem))
        {
            _diagnostics.Error(setting.File, setting.Line, $"bad value \"{setting.Value}\" for '{setting.Name}': {problem}; ignored");
            return false;
        }
        return true;
    }

    private void ApplyDevice(ConfigSectionNode section, bool builtIn)
    {
        var attributes = new AttributeSet();
        var identity = ApplySettings(section, KeywordScope.Device, attributes, builtIn);
        if (!identity.TryGetValue("vendor", out var vendor) || !identity.TryGetValue("product", out var product))
        {
            _diagnostics.Error(section.File, section.Line, "device entry without vendor and product (both are required); entry ignored");
            return;
        }
        var origin = new ConfigOrigin(section.File, section.Line, builtIn);
        var entry = new DeviceEntry(vendor.Value, product.Value, identity.GetValueOrDefault("revision")?.Value, origin);
        if (identity.TryGetValue("product_blacklist", out var productBlacklist))
        {
            attributes.Set("product_blacklist", productBlacklist);
        }
        var index = _config.DeviceList.FindIndex(e => e.SameIdentity(entry));
        if (index >= 0)
        {
            // Identical vendor/product/revision: one entry, later values win; it moves to the later position so it keeps beating entries in between.
            entry.Attributes.MergeFrom(_config.DeviceList[index].Attributes);
            _config.DeviceList.RemoveAt(index);
        }
        entry.Attributes.MergeFrom(attributes);
        _config.DeviceList.Add(entry);
        if (entry.Attributes["product_blacklist"] is { } pbl)
        {
            _config.Blacklist.AddDevice(new BlacklistDevice(entry.Vendor, pbl.Value, pbl.Origin));
        }
    }

    private void ApplyMultipath(ConfigSectionNode section)
    {
        var attributes = new AttributeSet();
        var identity = ApplySettings(section, KeywordScope.Multipath, attributes, false);
        if (!identity.TryGetValue("wwid", out var wwid))
        {
            _diagnostics.Error(section.File, section.Line, "multipath entry without wwid (required); entry ignored");
            return;
        }
        var existing = _config.FindMultipath(wwid.Value);
        if (existing is not null)
        {
            _diagnostics.Warning(section.File, section.Line,
                $"duplicate multipath entry for wwid {wwid.Value} (first at {existing.Origin}); merged, settings from the later entry win");
            existing.Attributes.MergeFrom(attributes);
            return;
        }
        var entry = new MultipathEntry(wwid.Value, new ConfigOrigin(section.File, section.Line));
        entry.Attributes.MergeFrom(attributes);
        _config.MultipathList.Add(entry);
        _config.MultipathByWwid[entry.Wwid] = entry;
    }

    private void ApplyProtocol(ConfigSectionNode section)
    {
        var attributes = new AttributeSet();
        var identity = ApplySettings(section, KeywordScope.Protocol, attributes, false);
        if (!identity.TryGetValue("type", out var type))
        {
            _diagnostics.Error(section.File, section.Line, "protocol subsection without type (required); ignored");
            return;
        }
        var existing = _config.OverrideProtocolList.Find(p => p.Type == type.Value);
        if (existing is not null)
        {
            existing.Attributes.MergeFrom(attributes);
            return;
        }
        var entry = new ProtocolEntry(type.Value, new ConfigOrigin(section.File, section.Line));
        entry.Attributes.MergeFrom(attributes);
        _config.OverrideProtocolList.Add(entry);
    }

    private void ApplyBlacklist(ConfigSectionNode section, BlacklistRules rules)
    {
        foreach (var child in section.Children)
        {
            if (child is ConfigSectionNode sub)
            {
                if (sub.Name != "device")
                {
                    _diagnostics.Error(sub.File, sub.Line, $"subsection '{sub.Name}' is not valid in {section.Name} (only 'device' is); ignored");
                    continue;
                }
                var identity = ApplySettings(sub, KeywordScope.BlacklistDevice, null, false);
                var vendor = identity.GetValueOrDefault("vendor")?.Value;
                var product = identity.GetValueOrDefault("product")?.Value;
                if (vendor is null && product is null)
                {
                    _diagnostics.Error(sub.File, sub.Line, $"{section.Name} device entry without vendor or product; ignored");
                    continue;
                }
                rules.AddDevice(new BlacklistDevice(vendor, product, new ConfigOrigin(sub.File, sub.Line)));
                continue;
            }
            var setting = (ConfigSettingNode)child;
            if (TryValidate(setting, KeywordScope.BlacklistSection, out var keyword, out var value))
            {
                BlacklistRules.AddPattern(rules.ListFor(keyword.Name), new BlacklistPattern(value, new ConfigOrigin(setting.File, setting.Line)));
            }
        }
    }
}
