namespace Mpath.Daemon.State;

/// <summary>
/// Holds the latest <see cref="DaemonSnapshot"/>. The daemon's state owner publishes a new snapshot after each change;
/// control-socket readers take <see cref="Current"/> without locking, so a show never waits for a reconfigure.
/// </summary>
public sealed class DaemonStatePublisher(DaemonSnapshot initial)
{
    private DaemonSnapshot _current = initial;

    public DaemonSnapshot Current => Volatile.Read(ref _current);

    public void Publish(DaemonSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
    }
}
