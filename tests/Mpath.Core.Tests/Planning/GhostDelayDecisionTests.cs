using Mpath.Core.Config.Loading;
using Mpath.Core.Model;
using Mpath.Core.Planning;

namespace Mpath.Core.Tests.Planning;

public class GhostDelayDecisionTests
{
    private const string Wwid = "36001405aaaa";

    private static PathInfo Path(string dev, AluaAccessState? alua) =>
        new(dev, "8:" + dev[^1], "0:0:0:1", "ACME", "ARRAY", "1", Wwid, SizeSectors: 2048, Alua: alua is { } s ? new AluaInfo(1, s, false) : null);

    private static PlannedMap Plan(string ghostDelay, params PathInfo[] paths)
    {
        var config = ConfigLoader.LoadText($"defaults {{\n ghost_delay {ghostDelay}\n}}\n").Config;
        return Assert.Single(MapPlanner.Plan(config, paths.Select(p => new DescribedPath(p)).ToList()).Maps);
    }

    private static bool ShouldWait(PlannedMap map) => GhostDelayDecision.ShouldWait(map, p => GhostDelayDecision.StateBeforeFirstCheck(p, null));

    [Fact]
    public void Waits_only_when_ghost_delay_is_set_and_no_path_is_known_active()
    {
        Assert.True(ShouldWait(Plan("30", Path("sda", AluaAccessState.Standby), Path("sdb", AluaAccessState.Standby))));
        Assert.Equal(TimeSpan.FromSeconds(30), Plan("30", Path("sda", null)).Policy.GhostDelay);
        Assert.False(ShouldWait(Plan("no", Path("sda", AluaAccessState.Standby), Path("sdb", AluaAccessState.Standby))));
        Assert.False(ShouldWait(Plan("30", Path("sda", AluaAccessState.Standby), Path("sdb", AluaAccessState.ActiveNonOptimized))));
    }

    [Fact]
    public void Paths_only_a_check_can_judge_make_it_wait_for_that_check_but_all_down_does_not()
    {
        Assert.True(ShouldWait(Plan("30", Path("sda", null), Path("sdb", AluaAccessState.Transitioning))));
        Assert.False(ShouldWait(Plan("30", Path("sda", AluaAccessState.Unavailable), Path("sdb", AluaAccessState.Offline))));
        var offline = Plan("30", Path("sda", null));
        Assert.False(GhostDelayDecision.ShouldWait(offline, p => GhostDelayDecision.StateBeforeFirstCheck(p, CheckerState.Down)));
    }
}
