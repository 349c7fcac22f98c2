using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Printing;
using Mpath.Core.Model;

namespace Mpath.Core.Tests.Config;

/// <summary><c>multipath -T</c>: the configuration narrowed to the devices present.</summary>
public class ConfigTemplateTests
{
    private const string Conf =
        "defaults {\n config_dir /test/none\n}\n" +
        "blacklist {\n device {\n  vendor \"IBM\"\n  product \"ProFibre\"\n }\n}\n" +
        "devices {\n device {\n  vendor \"ACME\"\n  product \"ARRAY\"\n  no_path_retry 7\n }\n}\n" +
        "multipaths {\n multipath {\n  wwid 3600a0980000000000000000000000001\n  alias here\n }\n multipath {\n  wwid 3600a0980000000000000000000000999\n  alias gone\n }\n}\n";

    private static Mpath.Core.Config.Sections.MultipathConfig Load() =>
        ConfigLoader.Load("/test/multipath.conf", new InMemoryConfigFiles(new Dictionary<string, string> { ["/test/multipath.conf"] = Conf }), mainRequired: true).Config;

    private static PathInfo Path(string dev, string vendor, string product, string wwid) =>
        new(dev, "8:0", "0:0:0:1", vendor, product, "0001", wwid);

    private static readonly PathInfo[] Host =
    [
        Path("sda", "NETAPP", "LUN C-Mode", "3600a0980000000000000000000000001"),
        Path("sdb", "NETAPP", "LUN C-Mode", "3600a0980000000000000000000000001"),
        Path("sdc", "IBM", "ProFibre 4000R", "3600a0980000000000000000000000002"),
    ];

    private static List<string> DeviceIdentities(string printed) =>
        printed.Split('\n').Where(l => l.StartsWith("\t\tvendor ", StringComparison.Ordinal) || l.StartsWith("\t\tproduct ", StringComparison.Ordinal))
            .Select(l => l.Trim()).ToList();

    [Fact]
    public void Only_device_entries_matching_a_present_unblacklisted_path_and_multipaths_of_present_wwids_are_printed()
    {
        var config = Load();
        var printed = ConfigPrinter.Print(config, PresentDevices.From(config, Host));

        Assert.Equal(["vendor \"NETAPP\"", "product \"LUN\""], DeviceIdentities(printed[printed.IndexOf("devices {", StringComparison.Ordinal)..printed.IndexOf("overrides {", StringComparison.Ordinal)]));
        Assert.Contains("\t\talias \"here\"\n", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("gone", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("ProFibre 4000R\"\n\t\tpath_grouping_policy", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_blacklists_and_overrides_are_the_same_as_the_whole_configuration()
    {
        var config = Load();
        var whole = ConfigPrinter.Print(config);
        var template = ConfigPrinter.Print(config, PresentDevices.From(config, Host));
        string Before(string text, string section) => text[..text.IndexOf(section, StringComparison.Ordinal)];
        Assert.Equal(Before(whole, "devices {"), Before(template, "devices {"));
        Assert.Contains("vendor \"ACME\"", whole, StringComparison.Ordinal);
        Assert.DoesNotContain("vendor \"ACME\"", template, StringComparison.Ordinal);
        Assert.True(template.Length < whole.Length / 4);
    }

    [Fact]
    public void No_paths_present_leaves_empty_devices_and_multipaths_sections()
    {
        var config = Load();
        var template = ConfigPrinter.Print(config, PresentDevices.From(config, []));
        Assert.Contains("devices {\n}\noverrides {\n}\nmultipaths {\n}\n", template, StringComparison.Ordinal);
    }
}
