using System.Globalization;
using System.Text;
using Mpath.Core.Config.Blacklisting;
using Mpath.Core.Config.Keywords;
using Mpath.Core.Config.Sections;

namespace Mpath.Core.Config.Printing;

/// <summary>
/// Writes the merged configuration in multipath.conf syntax, like <c>multipath -t</c>: defaults with
/// every keyword (set or compiled-in), the blacklists including built-in rules, the hardware table
/// merged with user device entries, overrides and multipaths. Reading the output back gives the same
/// effective configuration. Given the devices present (<c>multipath -T</c>), only the device entries
/// matching their paths and the multipaths entries of their WWIDs are written: a template for this host.
/// </summary>
public static class ConfigPrinter
{
    public static string Print(MultipathConfig config, PresentDevices? present = null)
    {
        var text = new StringBuilder();
        PrintDefaults(text, config.Defaults);
        PrintBlacklist(text, "blacklist", config.Blacklist);
        PrintBlacklist(text, "blacklist_exceptions", config.Exceptions);

        text.Append("devices {\n");
        foreach (var device in config.Devices.Where(d => present?.Uses(d) ?? true))
        {
            text.Append("\tdevice {\n");
            Line(text, 2, "vendor", Quote(device.Vendor));
            Line(text, 2, "product", Quote(device.Product));
            if (device.Revision is not null)
            {
                Line(text, 2, "revision", Quote(device.Revision));
            }
            if (device.Attributes["product_blacklist"] is { } pbl)
            {
                Line(text, 2, "product_blacklist", Quote(pbl.Value));
            }
            PrintSet(text, 2, device.Attributes, KeywordScope.Device);
            text.Append("\t}\n");
        }
        text.Append("}\n");

        text.Append("overrides {\n");
        PrintSet(text, 1, config.Overrides, KeywordScope.Overrides);
        foreach (var protocol in config.OverrideProtocols)
        {
            text.Append("\tprotocol {\n");
            Line(text, 2, "type", Quote(protocol.Type));
            PrintSet(text, 2, protocol.Attributes, KeywordScope.Protocol);
            text.Append("\t}\n");
        }
        text.Append("}\n");

        text.Append("multipaths {\n");
        foreach (var multipath in config.Multipaths.Where(m => present?.Uses(m) ?? true))
        {
            text.Append("\tmultipath {\n");
            Line(text, 2, "wwid", Quote(multipath.Wwid));
            PrintSet(text, 2, multipath.Attributes, KeywordScope.Multipath);
            text.Append("\t}\n");
        }
        text.Append("}\n");
        return text.ToString();
    }

    private static void PrintDefaults(StringBuilder text, AttributeSet defaults)
    {
        text.Append("defaults {\n");
        foreach (var keyword in KeywordTable.AttributesOf(KeywordScope.Defaults))
        {
            var value = defaults[keyword.Name]?.Value ?? keyword.Default;
            if (value is null && keyword.Name == "max_polling_interval")
            {
                var polling = int.Parse(defaults["polling_interval"]?.Value ?? "5", CultureInfo.InvariantCulture);
                value = (4 * polling).ToString(CultureInfo.InvariantCulture);
            }
            if (value is not null)
            {
                Line(text, 1, keyword.Name, KeywordValues.Print(value));
            }
        }
        text.Append("}\n");
    }

    private static void PrintBlacklist(StringBuilder text, string section, BlacklistRules rules)
    {
        text.Append(section).Append(" {\n");
        foreach (var (keyword, patterns) in new[] { ("devnode", rules.Devnodes), ("wwid", rules.Wwids), ("property", rules.Properties), ("protocol", rules.Protocols) })
        {
            foreach (var pattern in patterns)
            {
                Line(text, 1, keyword, Quote(pattern.Text));
            }
        }
        foreach (var device in rules.Devices)
        {
            text.Append("\tdevice {\n");
            if (device.Vendor is not null)
            {
                Line(text, 2, "vendor", Quote(device.Vendor));
            }
            if (device.Product is not null)
            {
                Line(text, 2, "product", Quote(device.Product));
            }
            text.Append("\t}\n");
        }
        text.Append("}\n");
    }

    private static void PrintSet(StringBuilder text, int depth, AttributeSet set, KeywordScope scope)
    {
        foreach (var keyword in KeywordTable.AttributesOf(scope))
        {
            if (set[keyword.Name] is { } setting)
            {
                Line(text, depth, keyword.Name, KeywordValues.Print(setting.Value));
            }
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Line(StringBuilder text, int depth, string keyword, string printed) =>
        text.Append('\t', depth).Append(keyword).Append(' ').Append(printed).Append('\n');
}
