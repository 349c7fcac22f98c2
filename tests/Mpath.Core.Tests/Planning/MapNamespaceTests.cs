using Mpath.Core.Planning;

namespace Mpath.Core.Tests.Planning;

public sealed class MapNamespaceTests
{
    private const string Wwid = "360014051ab1000000004000800000000";

    [Fact]
    public void The_default_instance_uses_multipath_tools_names_and_uuids()
    {
        var ns = MapNamespace.Default;
        Assert.Equal("mpath-" + Wwid, ns.UuidFor(Wwid));
        Assert.Equal("mpatha", ns.NameFor("mpatha"));
        Assert.Equal(Wwid, ns.WwidOf("mpath-" + Wwid));
        Assert.Null(ns.WwidOf("srvA-mpath-" + Wwid));
        Assert.Null(ns.WwidOf("LVM-abc"));
        Assert.Null(ns.WwidOf("mpath-"));
    }

    [Fact]
    public void A_named_instance_prefixes_names_and_uuids_and_owns_only_its_own()
    {
        var srvA = MapNamespace.ForInstance("srvA").Namespace!;
        Assert.Equal("srvA-mpath-" + Wwid, srvA.UuidFor(Wwid));
        Assert.Equal("srvA-mpatha", srvA.NameFor("mpatha"));
        Assert.Equal(Wwid, srvA.WwidOf("srvA-mpath-" + Wwid));
        Assert.Null(srvA.WwidOf("mpath-" + Wwid));
        Assert.Null(srvA.WwidOf("srvB-mpath-" + Wwid));
        Assert.Null(srvA.WwidOf("srvA2-mpath-" + Wwid));
    }

    [Theory]
    [InlineData("")]
    [InlineData("srv-A")]
    [InlineData("srv A")]
    [InlineData("srv/A")]
    [InlineData("a23456789012345678901234567890123")]
    public void Instance_names_that_could_clash_or_break_dm_names_are_refused(string name)
    {
        var (ns, error) = MapNamespace.ForInstance(name);
        Assert.Null(ns);
        Assert.Contains("letters, digits or underscores", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mpath-" + Wwid)]
    [InlineData("srvA-mpath-" + Wwid)]
    [InlineData("lab_2-mpath-" + Wwid)]
    public void Listings_find_the_wwid_of_any_instances_map(string uuid) =>
        Assert.Equal(Wwid, MapNamespace.WwidOfAnyInstance(uuid));

    [Fact]
    public void Listings_show_a_foreign_uuid_unchanged() =>
        Assert.Equal("LVM-xyz", MapNamespace.WwidOfAnyInstance("LVM-xyz"));
}
