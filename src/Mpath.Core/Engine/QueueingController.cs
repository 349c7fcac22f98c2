using Mpath.Core.Model;

namespace Mpath.Core.Engine;

/// <summary>
/// no_path_retry for one map: queue for ever, fail at once, or queue for N polling intervals after the last usable
/// path went away ("recovery mode"), then fail; restore queueing when a path returns.
/// </summary>
internal sealed class QueueingController
{
    private readonly NoPathRetry _policy;
    private readonly TimeSpan _pollingInterval;

    public QueueingController(NoPathRetry policy, TimeSpan pollingInterval)
    {
        _policy = policy;
        _pollingInterval = pollingInterval;
        Queueing = policy.Mode != NoPathRetryMode.Fail;
    }

    /// <summary>Whether the map currently has queue_if_no_path set in the kernel.</summary>
    public bool Queueing { get; private set; }

    /// <summary>When recovery mode gives up and stops queueing; null outside recovery mode.</summary>
    public DateTimeOffset? RetryDeadline { get; private set; }

    /// <summary>An operator's disablequeueing holds until restorequeueing or a path returns.</summary>
    private bool _operatorDisabled;

    public void OnLastPathLost(DateTimeOffset now, List<EngineAction> actions)
    {
        switch (_policy.Mode)
        {
            case NoPathRetryMode.Fail:
                actions.Add(new(ActionKind.Log, ActionReason.AllPathsDownFailing, LogSeverity.Warning));
                break;
            case NoPathRetryMode.Queue:
                actions.Add(new(ActionKind.Log, ActionReason.AllPathsDownQueueing, LogSeverity.Warning));
                break;
            default:
                var wait = _pollingInterval * _policy.Retries;
                RetryDeadline = now + wait;
                actions.Add(new(ActionKind.Log, ActionReason.AllPathsDownRetrying, LogSeverity.Warning, Count: (int)wait.TotalSeconds));
                break;
        }
    }

    public void OnFirstPathBack(List<EngineAction> actions)
    {
        RetryDeadline = null;
        _operatorDisabled = false;
        if (_policy.Mode != NoPathRetryMode.Fail && !Queueing)
        {
            Queueing = true;
            actions.Add(new(ActionKind.EnableQueueing, ActionReason.PathRestoredQueueing, LogSeverity.Notice));
        }
    }

    public void OnTimer(DateTimeOffset now, List<EngineAction> actions)
    {
        if (RetryDeadline is { } deadline && now >= deadline)
        {
            RetryDeadline = null;
            Disable(ActionReason.NoPathRetryExhausted, actions);
        }
    }

    public void Disable(ActionReason reason, List<EngineAction> actions)
    {
        RetryDeadline = null;
        if (reason == ActionReason.OperatorDisableQueueing) _operatorDisabled = true;
        if (!Queueing) return;
        Queueing = false;
        actions.Add(new(ActionKind.DisableQueueing, reason, LogSeverity.Warning));
    }

    public void OperatorRestore(bool anyUsablePath, DateTimeOffset now, List<EngineAction> actions)
    {
        _operatorDisabled = false;
        if (_policy.Mode == NoPathRetryMode.Fail || Queueing) return;
        Queueing = true;
        actions.Add(new(ActionKind.EnableQueueing, ActionReason.OperatorRestoreQueueing, LogSeverity.Notice));
        if (!anyUsablePath && _policy.Mode == NoPathRetryMode.Retries)
        {
            RetryDeadline = now + _pollingInterval * _policy.Retries;
        }
    }

    public bool OperatorDisabled => _operatorDisabled;
}
