using Mpath.Daemon.Show;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Control;

/// <summary>Carries out the commands that change state (fail path, switch group, reconfigure ...); owned by the path manager.</summary>
public interface IControlCommandExecutor
{
    ValueTask<string> ExecuteAsync(ControlCommand command, CancellationToken cancel);
}

/// <summary>
/// Routes one control-socket command: malformed ones get the usage text, read-only <c>show</c> commands are
/// answered from the latest published snapshot (no lock, never waiting for the path manager), and everything that
/// changes state needs a root peer and goes to the executor.
/// </summary>
public sealed class ControlCommandDispatcher(DaemonStatePublisher state, IControlCommandExecutor executor, Func<ControlCommand, string?>? configReplies = null)
{
    /// <summary>multipathd's reply to a non-root client sending a command that changes state.</summary>
    public const string PermissionDenied = "permission deny: need to be root\n";

    public ValueTask<string> HandleAsync(string text, PeerCredentials peer, CancellationToken cancel)
    {
        var parsed = ControlCommandGrammar.Parse(text);
        if (parsed.Command is not { } command)
        {
            return ValueTask.FromResult(ControlCommandGrammar.Usage(parsed.Error ?? "invalid command"));
        }
        if (command.Shape == "quit")
        {
            return ValueTask.FromResult("");
        }
        if (ShowCommandRenderer.TryRender(command, state.Current, out var reply))
        {
            return ValueTask.FromResult(reply);
        }
        if (configReplies?.Invoke(command) is { } configReply)
        {
            return ValueTask.FromResult(configReply);
        }
        if (!command.IsReadOnly && !peer.IsRoot)
        {
            return ValueTask.FromResult(PermissionDenied);
        }
        return executor.ExecuteAsync(command, cancel);
    }
}
