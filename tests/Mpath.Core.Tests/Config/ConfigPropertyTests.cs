using System.Globalization;
using System.Text;
using CsCheck;
using Mpath.Core.Config.Keywords;
using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Printing;
using Mpath.Core.Config.Resolution;

namespace Mpath.Core.Tests.Config;

public class ConfigPropertyTests
{
    private static Gen<string> ValueFor(Keyword k) => k.Kind switch
    {
        ValueKind.Integer => Gen.Long[Math.Max(k.Min, -1000), Math.Min(k.Max, 100000)].Select(n => n.ToString(CultureInfo.InvariantCulture)),
        ValueKind.YesNo => Gen.OneOf<string>("yes", "no", "1", "0"),
        ValueKind.Choice => Gen.OneOf<string>(k.Choices.Concat(k.Synonyms.Keys).ToArray()),
        ValueKind.NoOrPositive => Gen.OneOf(Gen.Const("no"), Gen.Int[0, 5000].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        ValueKind.Failback => Gen.OneOf(Gen.OneOf<string>("immediate", "manual", "followover"), Gen.Int[0, 900].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        ValueKind.NoPathRetry => Gen.OneOf(Gen.OneOf<string>("fail", "queue"), Gen.Int[0, 100].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        ValueKind.Text => Gen.OneOf<string>("", "a b", "quote\"inside", "exclusive_pref_bit", "#hash !bang"),
        _ => Gen.Const(KeywordTests.Sample(k).Raw),
    };

    private static Gen<string> SettingsFor(KeywordScope scope, string indent)
    {
        var keywords = KeywordTable.AttributesOf(scope).ToArray();
        return Gen.Int[0, keywords.Length - 1].SelectMany(i => ValueFor(keywords[i]).Select(v => $"{indent}{keywords[i].Name} {KeywordValues.Print(v)}\n")).Array[0, 8]
            .Select(lines => string.Concat(lines));
    }

    private static readonly Gen<string> Device =
        Gen.Select(Gen.OneOf<string>("ACME", "IBM", "DGC", "NETAPP", "^X.*"), Gen.OneOf<string>("BOX", "^2145", ".*", "LUN", "P[0-9]"), SettingsFor(KeywordScope.Device, "  "))
            .Select((v, p, s) => $" device {{\n  vendor \"{v}\"\n  product \"{p}\"\n{s} }}\n");

    private static readonly Gen<string> Multipath =
        Gen.Select(Gen.OneOf<string>("3600a1", "3600a2", "3600a3"), SettingsFor(KeywordScope.Multipath, "  "))
            .Select((w, s) => $" multipath {{\n  wwid {w}\n{s} }}\n");

    private static readonly Gen<string> ValidConfig =
        Gen.Select(SettingsFor(KeywordScope.Defaults, " "), SettingsFor(KeywordScope.Overrides, " "), Device.Array[0, 4], Multipath.Array[0, 3],
                Gen.OneOf<string>("", " devnode \"^hd\"\n", " wwid \"!^36\"\n device {\n  vendor \"ACME\"\n }\n"))
            .Select((d, o, devs, mps, bl) =>
                $"defaults {{\n{d}}}\nblacklist {{\n{bl}}}\noverrides {{\n{o}}}\ndevices {{\n{string.Concat(devs)}}}\nmultipaths {{\n{string.Concat(mps)}}}\n");

    private static readonly PathIdentity[] Paths =
        [new("ACME", "BOX"), new("IBM", "2145"), new("DGC", "VRAID"), new("NETAPP", "LUN"), new("XYZ", "P7")];

    [Fact]
    public void Random_valid_configs_round_trip_through_config_show_to_the_same_effective_configuration()
    {
        ValidConfig.Sample(text =>
        {
            var first = ConfigLoader.LoadText(text);
            Assert.True(first.Diagnostics.All(d => !d.IsError), text + string.Join("\n", first.Diagnostics));
            var printed = ConfigPrinter.Print(first.Config);
            var second = ConfigLoader.LoadText(printed, "shown.conf");
            Assert.Empty(second.Diagnostics);
            Assert.Equal(printed, ConfigPrinter.Print(second.Config));
            foreach (var path in Paths)
            {
                foreach (var wwid in new[] { "3600a1", "3600a2", null })
                {
                    var a = new AttributeResolver(first.Config).Resolve(path, wwid, aluaSupported: path.Vendor == "IBM");
                    var b = new AttributeResolver(second.Config).Resolve(path, wwid, aluaSupported: path.Vendor == "IBM");
                    Assert.Equal(a.All.Select(kv => (kv.Key, kv.Value.Value)), b.All.Select(kv => (kv.Key, kv.Value.Value)));
                }
            }
        }, iter: 300);
    }

    private static readonly Gen<string> Garbage = Gen.OneOf(
        Gen.Byte.Array[0, 3000].Select(bytes => Encoding.Latin1.GetString(bytes)),
        Gen.OneOf<string>("{", "}", "defaults", "devices", "device", "multipaths", "multipath", "overrides", "protocol", "blacklist", "\"", "\"\"", "#", "!",
                "\n", "\r\n", " ", "\t", "vendor", "product", "wwid", "failback", "features", "devnode", "[", "(", "\0", "x", "12", new string('a', 5000))
            .Array[0, 400].Select(string.Concat));

    [Fact]
    public void Random_garbage_never_throws_and_every_diagnostic_is_located()
    {
        Garbage.Sample(text =>
        {
            var result = ConfigLoader.LoadText(text, "garbage.conf");
            Assert.All(result.Diagnostics, d =>
            {
                Assert.Equal("garbage.conf", d.File);
                Assert.True(d.Line >= 1);
                Assert.StartsWith($"garbage.conf:{d.Line}: ", d.ToString(), StringComparison.Ordinal);
            });
            var printed = ConfigPrinter.Print(result.Config);
            _ = new AttributeResolver(result.Config).Resolve(new PathIdentity("ACME", "BOX"), "3600");
            Assert.DoesNotContain(ConfigLoader.LoadText(printed, "p.conf").Diagnostics, d => d.IsError);
        }, iter: 400);
    }

    [Fact]
    public void A_huge_line_is_handled()
    {
        var text = "defaults {\n prio_args \"" + new string('x', 1_000_000) + "\"\n}\n";
        var result = ConfigLoader.LoadText(text);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(1_000_000, result.Config.Defaults["prio_args"]!.Value.Length);
    }
}
