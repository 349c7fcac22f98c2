namespace Mpath.Core.Engine;

/// <summary>A clock that only moves when told to: the engine's time source for replays and simulations.</summary>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Start { get; } = start;
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Seconds since <see cref="Start"/>.</summary>
    public double Elapsed => (Now - Start).TotalSeconds;

    public void MoveTo(DateTimeOffset when)
    {
        if (when < Now) throw new ArgumentOutOfRangeException(nameof(when), "a virtual clock never goes back");
        Now = when;
    }
}
