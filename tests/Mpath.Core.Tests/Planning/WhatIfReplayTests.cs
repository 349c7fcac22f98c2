using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Core.Planning;

namespace Mpath.Core.Tests.Planning;

public class WhatIfReplayTests
{
    private static readonly EnginePathSpec[] TwoControllers =
        [new("sda", 1, 50), new("sdb", 1, 50), new("sdc", 2, 10), new("sdd", 2, 10)];

    private static MapPolicy Policy(Failback f) => new() { Failback = f, NoPathRetry = NoPathRetry.Queue };

    /// <summary>Another host trespassed the LUN at 60 s: the kernel fails A's paths, whose checker then says ghost.</summary>
    private static WhatIfTimeline Trespass => new(300,
    [
        new KernelFails(60, "sda"), new KernelFails(60, "sdb"),
        new CheckerReports(60, "sda", CheckerState.Ghost), new CheckerReports(60, "sdb", CheckerState.Ghost),
    ]);

    [Fact]
    public void Followover_does_not_fail_back_after_a_trespass()
    {
        var outcome = WhatIfReplay.Run("mpatha", TwoControllers, Policy(Failback.Followover), Trespass);
        Assert.Empty(outcome.Failbacks);
        Assert.Contains(outcome.Log, l => l.Text.Contains("kernel failed sda", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Log, l => l.Text.Contains("switch to path group 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Immediate_fails_back_at_the_next_check_of_a_kernel_failed_path()
    {
        var outcome = WhatIfReplay.Run("mpatha", TwoControllers, Policy(Failback.Immediate), Trespass);
        var at = Assert.Single(outcome.Failbacks);
        Assert.InRange(at, 60, 65);
    }

    [Fact]
    public void Followover_fails_back_within_a_polling_interval_of_a_real_repair()
    {
        var timeline = new WhatIfTimeline(600,
        [
            new CheckerReports(60, "sda", CheckerState.Down), new CheckerReports(60, "sdb", CheckerState.Down),
            new KernelFails(60, "sda"), new KernelFails(60, "sdb"),
            new CheckerReports(360, "sda", CheckerState.Ghost), new CheckerReports(360, "sdb", CheckerState.Ghost),
        ]);
        var outcome = WhatIfReplay.Run("mpatha", TwoControllers, Policy(Failback.Followover), timeline);
        var at = Assert.Single(outcome.Failbacks);
        Assert.InRange(at, 360, 365);
    }

    [Fact]
    public void Deferred_fails_back_its_seconds_after_the_better_group_returns()
    {
        var outcome = WhatIfReplay.Run("mpatha", TwoControllers, Policy(Failback.Deferred(30)), Trespass);
        var at = Assert.Single(outcome.Failbacks);
        Assert.InRange(at, 90, 95);
    }

    [Fact]
    public void Unknown_path_in_the_timeline_is_reported()
    {
        var bad = new WhatIfTimeline(100, [new KernelFails(10, "sdz")]);
        var error = Assert.Throws<ArgumentException>(() => WhatIfReplay.Run("mpatha", TwoControllers, Policy(Failback.Manual), bad));
        Assert.Contains("sdz", error.Message, StringComparison.Ordinal);
    }
}
