using Microsoft.Extensions.Logging;
using Mpath.Core.Engine;
using Mpath.Core.Model;
using Mpath.Daemon.Metrics;
using Mpath.Linux.DeviceMapper;

namespace Mpath.Daemon.Service;

/// <summary>
/// Carries out the engine's decisions on the kernel with dm target messages. A failing message is logged with the
/// map, the message and errno, and reported back so the engine's view can be corrected at the next status sync.
/// </summary>
internal sealed class ActionExecutor(IDeviceMapper deviceMapper, ILogger logger, IDaemonMetrics metrics)
{
    /// <summary>Executes the actions of one engine step; returns how many dm operations failed.</summary>
    public int Execute(MapRuntime map, IReadOnlyList<EngineAction> actions)
    {
        var failures = 0;
        foreach (var action in actions)
        {
            var message = action.Kind switch
            {
                ActionKind.FailPath => $"fail_path {map.DevT(action.Path)}",
                ActionKind.ReinstatePath => $"reinstate_path {map.DevT(action.Path)}",
                ActionKind.SwitchGroup => $"switch_group {action.Group}",
                ActionKind.EnableQueueing => "queue_if_no_path",
                ActionKind.DisableQueueing => "fail_if_no_path",
                _ => null,
            };
            Log(map, action);
            metrics.EngineActionExecuted(map.DmName, action);
            if (action.Kind == ActionKind.FailPath) map.PathFaults++;
            if (action.Kind == ActionKind.SwitchGroup) map.SwitchGroups++;
            if (action.Kind == ActionKind.MarkMapReady && !MarkReady(map)) failures++;
            if (message is null) continue;
            if (!Send(map, message)) failures++;
        }
        return failures;
    }

    private bool Send(MapRuntime map, string message)
    {
        try
        {
            deviceMapper.Message(map.DmName, message);
            return true;
        }
        catch (DeviceMapperException e)
        {
            metrics.DmMessageFailed(map.DmName);
            logger.LogError("{Map}: dm message '{Message}' failed: {Error}", map.DmName, message, e.Message);
            return false;
        }
    }

    /// <summary>
    /// ghost_delay is over: reload the same table without the not-ready udev flag, so udev announces the map to upper
    /// layers. A reload starts every path active in the kernel, so the paths the engine holds failed are failed again.
    /// </summary>
    private bool MarkReady(MapRuntime map)
    {
        var plan = map.Planned.Plan;
        try
        {
            deviceMapper.Reload(new DmMapSpec(map.DmName, map.DmUuid, plan.SizeSectors, plan.TableParameters));
        }
        catch (DeviceMapperException e)
        {
            logger.LogError("{Map}: cannot mark the map ready (reload): {Error}", map.DmName, e.Message);
            return false;
        }
        map.MapLoads++;
        var ok = true;
        for (var i = 0; i < map.Engine.PathCount; i++)
        {
            if (map.Engine.Path(i).DmState == DmPathState.Failed) ok &= Send(map, $"fail_path {map.DevT(i)}");
        }
        return ok;
    }

    private void Log(MapRuntime map, EngineAction action)
    {
        var level = action.Severity switch
        {
            LogSeverity.Debug => LogLevel.Debug,
            LogSeverity.Info => LogLevel.Information,
            LogSeverity.Notice => LogLevel.Information,
            LogSeverity.Warning => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (logger.IsEnabled(level))
        {
#pragma warning disable CA2254 // the text is the engine's own sentence, already structured by map name
            logger.Log(level, action.Describe(map.Engine));
#pragma warning restore CA2254
        }
    }
}
