namespace Mpath.Core.Engine;

/// <summary>
/// A clock that only moves when told to: the engine's time source for what-if replays and the SAN simulator.
/// Time is kept in <see cref="TimeSpan"/> ticks since <see cref="Epoch"/> so event times compare exactly.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    /// <summary>Virtual time zero (any fixed instant: runs must not depend on the wall clock).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Virtual time since <see cref="Epoch"/>, in ticks.</summary>
    public long Ticks { get; private set; }

    /// <summary>Virtual time since <see cref="Epoch"/>, in seconds.</summary>
    public double Seconds => Ticks / (double)TimeSpan.TicksPerSecond;

    public DateTimeOffset Now => Epoch.AddTicks(Ticks);

    public override DateTimeOffset GetUtcNow() => Now;

    public void AdvanceTo(long ticks)
    {
        if (ticks < Ticks) throw new InvalidOperationException("virtual time cannot go backwards");
        Ticks = ticks;
    }

    public void MoveTo(DateTimeOffset when) => AdvanceTo(ToTicks(when));

    public static long ToTicks(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);

    public static long ToTicks(DateTimeOffset when) => (when - Epoch).Ticks;

    public static DateTimeOffset At(double seconds) => Epoch.AddTicks(ToTicks(seconds));
}
