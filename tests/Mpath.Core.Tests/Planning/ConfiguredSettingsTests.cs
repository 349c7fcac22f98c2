using Mpath.Core.Config.Loading;
using Mpath.Core.Config.Resolution;
using Mpath.Core.Model;
using Mpath.Core.Planning;

namespace Mpath.Core.Tests.Planning;

public class ConfiguredSettingsTests
{
    private static Mpath.Core.Engine.MapPolicy Policy(string defaults)
    {
        var loaded = ConfigLoader.LoadText($"defaults {{\n{defaults}}}\n");
        Assert.True(loaded.Diagnostics.Count == 0, string.Join("\n", loaded.Diagnostics));
        var resolved = new AttributeResolver(loaded.Config).Resolve(new PathIdentity("ACME", "BOX", "", "scsi:fcp"), "3600a", false, null);
        return resolved.ToMapPolicy(NoPathRetry.Fail);
    }

    private const string Marginal =
        " marginal_path_double_failed_time 60\n marginal_path_err_sample_time 180\n marginal_path_err_rate_threshold 10\n marginal_path_err_recheck_gap_time 600\n";

    [Fact]
    public void Marginal_path_settings_reach_the_policy_and_switch_the_other_shaky_path_methods_off()
    {
        var policy = Policy(Marginal + " san_path_err_threshold 3\n san_path_err_forget_rate 10\n san_path_err_recovery_time 60\n delay_watch_checks 4\n delay_wait_checks 4\n");
        Assert.True(policy.MarginalPathCheckEnabled);
        Assert.Equal((60, 180, 10, 600), ((int)policy.MarginalPathDoubleFailedTime.TotalSeconds, (int)policy.MarginalPathErrSampleTime.TotalSeconds,
            policy.MarginalPathErrRateThreshold, (int)policy.MarginalPathErrRecheckGapTime.TotalSeconds));
        Assert.Equal((0, 0, 0, 0), (policy.SanPathErrThreshold, policy.SanPathErrForgetRate, policy.DelayWatchChecks, policy.DelayWaitChecks));
    }

    [Fact]
    public void An_incomplete_set_or_a_short_sample_time_leaves_marginal_path_off_and_san_path_err_on()
    {
        var incomplete = Policy(" marginal_path_double_failed_time 60\n san_path_err_threshold 3\n");
        Assert.False(incomplete.MarginalPathCheckEnabled);
        Assert.Equal(3, incomplete.SanPathErrThreshold);
        Assert.False(Policy(Marginal.Replace("sample_time 180", "sample_time 100", StringComparison.Ordinal)).MarginalPathCheckEnabled);
    }

    [Fact]
    public void Ghost_delay_reaches_the_policy()
    {
        Assert.Equal(TimeSpan.FromSeconds(45), Policy(" ghost_delay 45\n").GhostDelay);
        Assert.Equal(TimeSpan.Zero, Policy(" ghost_delay no\n").GhostDelay);
    }
}
