using Mpath.Core.Config.Resolution;
using Mpath.Core.Engine;
using Mpath.Core.Topology;

namespace Mpath.Core.Planning;

/// <summary>Turns resolved multipath.conf attributes into what map assembly and the engine consume.</summary>
public static class ConfiguredSettings
{
    /// <summary>The settings map assembly needs. Prio detection already happened in the resolver.</summary>
    public static MapSettings ToMapSettings(this ResolvedAttributes resolved) => new()
    {
        PathGroupingPolicy = PathGroupingPolicies.TryParse(resolved.PathGroupingPolicy, out var policy) ? policy : PathGroupingPolicy.Failover,
        PathSelector = resolved.PathSelector,
        Prio = resolved.PrioName,
        PrioArgs = resolved.PrioArgs,
        Features = resolved.Features,
        HardwareHandler = resolved.HardwareHandler,
        RrWeight = resolved.RrWeight == "priorities" ? RrWeight.Priorities : RrWeight.Uniform,
        RrMinIoRq = resolved.RrMinIoRq,
        Alias = resolved.Alias,
        UserFriendlyNames = resolved.UserFriendlyNames,
        AliasPrefix = resolved.AliasPrefix,
        // Left unset when nobody configured it, so a queue_if_no_path feature keeps its meaning.
        NoPathRetry = resolved.All.TryGetValue("no_path_retry", out var npr) && npr.Source != ConfigSource.Builtin ? resolved.NoPathRetry : null,
        Failback = resolved.Failback,
        MarginalPathGroups = resolved.Text("marginal_pathgroups") is "on" or "fpin",
    };

    /// <summary>The policy the engine runs a map with.</summary>
    public static MapPolicy ToMapPolicy(this ResolvedAttributes resolved, Model.NoPathRetry effectiveNoPathRetry)
    {
        var policy = BasePolicy(resolved, effectiveNoPathRetry);
        // multipath.conf(5): with marginal_path detection on, the other shaky-path methods are implicitly off; two
        // methods holding out the same path would fight over when it comes back.
        return policy.MarginalPathCheckEnabled
            ? policy with { SanPathErrThreshold = 0, SanPathErrForgetRate = 0, SanPathErrRecoveryTime = TimeSpan.Zero, DelayWatchChecks = 0, DelayWaitChecks = 0 }
            : policy;
    }

    private static MapPolicy BasePolicy(ResolvedAttributes resolved, Model.NoPathRetry effectiveNoPathRetry) => new()
    {
        Failback = resolved.Failback,
        NoPathRetry = effectiveNoPathRetry,
        PollingInterval = TimeSpan.FromSeconds(Math.Max(1, resolved.PollingInterval)),
        MaxPollingInterval = TimeSpan.FromSeconds(Math.Max(resolved.PollingInterval, resolved.MaxPollingInterval)),
        RegroupOnPriorityChange = resolved.PathGroupingPolicy == "group_by_prio",
        FlushOnLastDelete = resolved.FlushOnLastDel is "always" or "yes",
        DelayWatchChecks = resolved.DelayWatchChecks ?? 0,
        DelayWaitChecks = resolved.DelayWaitChecks ?? 0,
        SanPathErrThreshold = resolved.SanPathErrThreshold ?? 0,
        SanPathErrForgetRate = resolved.SanPathErrForgetRate ?? 0,
        SanPathErrRecoveryTime = TimeSpan.FromSeconds(resolved.SanPathErrRecoveryTime ?? 0),
        MarginalPathDoubleFailedTime = TimeSpan.FromSeconds(resolved.MarginalPathDoubleFailedTime ?? 0),
        MarginalPathErrSampleTime = TimeSpan.FromSeconds(resolved.MarginalPathErrSampleTime ?? 0),
        MarginalPathErrRateThreshold = resolved.MarginalPathErrRateThreshold ?? 0,
        MarginalPathErrRecheckGapTime = TimeSpan.FromSeconds(resolved.MarginalPathErrRecheckGapTime ?? 0),
        GhostDelay = TimeSpan.FromSeconds(resolved.GhostDelay ?? 0),
        FailbackRateLimit = resolved.FailbackRateLimit,
        FailbackRateWindow = resolved.FailbackRateWindow,
        StickySwitchGroup = resolved.StickySwitchGroup,
        FlakyPathWindow = resolved.FlakyPathWindow,
        FlakyPathHold = resolved.FlakyPathHold,
        PingPongThreshold = resolved.PingpongThreshold,
        PingPongWindow = resolved.PingpongWindow,
    };
}
