using Mpath.Core.Topology.Naming;

namespace Mpath.Core.Tests.Topology;

public class PathClaimTests
{
    private static readonly PathClaimFacts NewLonePath = new(
        AlreadyMultipathed: false, IsWholeDisk: true, Wwid: "3600a", Blacklisted: false, InWwidsFile: false, MapExists: false, PathsWithSameWwid: 1);

    private static PathClaimVerdict Verdict(FindMultipathsMode mode, PathClaimFacts facts) => PathClaim.Decide(mode, facts).Verdict;

    [Theory]
    [InlineData(FindMultipathsMode.Off)]
    [InlineData(FindMultipathsMode.On)]
    [InlineData(FindMultipathsMode.Strict)]
    [InlineData(FindMultipathsMode.Smart)]
    public void A_new_lone_path_is_left_alone_except_by_greedy(FindMultipathsMode mode)
    {
        Assert.Equal(PathClaimVerdict.No, Verdict(mode, NewLonePath));
        Assert.Equal(PathClaimVerdict.Yes, Verdict(FindMultipathsMode.Greedy, NewLonePath));
    }

    [Theory]
    [InlineData(FindMultipathsMode.Off)]
    [InlineData(FindMultipathsMode.Strict)]
    [InlineData(FindMultipathsMode.Smart)]
    public void The_wwids_file_or_an_existing_map_claims_it(FindMultipathsMode mode)
    {
        Assert.Equal(PathClaimVerdict.Yes, Verdict(mode, NewLonePath with { InWwidsFile = true }));
        Assert.Equal(PathClaimVerdict.Yes, Verdict(mode, NewLonePath with { MapExists = true }));
    }

    [Fact]
    public void Two_paths_with_one_wwid_are_claimed_by_smart_only()
    {
        var two = NewLonePath with { PathsWithSameWwid = 2 };
        Assert.Equal(PathClaimVerdict.Yes, Verdict(FindMultipathsMode.Smart, two));
        Assert.Equal(PathClaimVerdict.No, Verdict(FindMultipathsMode.On, two));
        Assert.Equal(PathClaimVerdict.No, Verdict(FindMultipathsMode.Strict, two));
    }

    [Fact]
    public void Partitions_blacklisted_and_wwid_less_devices_are_never_claimed_even_when_listed()
    {
        var listed = NewLonePath with { InWwidsFile = true };
        Assert.Equal(PathClaimVerdict.No, Verdict(FindMultipathsMode.Greedy, listed with { IsWholeDisk = false }));
        Assert.Equal(PathClaimVerdict.No, Verdict(FindMultipathsMode.Greedy, listed with { Blacklisted = true }));
        Assert.Equal(PathClaimVerdict.No, Verdict(FindMultipathsMode.Greedy, listed with { Wwid = "" }));
    }

    [Fact]
    public void A_device_a_map_holds_is_claimed_whatever_else_is_true() =>
        Assert.Equal(PathClaimVerdict.Yes, Verdict(FindMultipathsMode.Strict, NewLonePath with { AlreadyMultipathed = true, Blacklisted = true }));

    [Theory]
    [InlineData(FindMultipathsMode.Strict, FindMultipathsMode.Smart)]
    [InlineData(FindMultipathsMode.On, FindMultipathsMode.Smart)]
    [InlineData(FindMultipathsMode.Off, FindMultipathsMode.Greedy)]
    [InlineData(FindMultipathsMode.Smart, FindMultipathsMode.Smart)]
    [InlineData(FindMultipathsMode.Greedy, FindMultipathsMode.Greedy)]
    public void Ignoring_the_wwids_file_relaxes_the_mode(FindMultipathsMode mode, FindMultipathsMode relaxed) =>
        Assert.Equal(relaxed, PathClaim.IgnoringWwidsFile(mode));
}
