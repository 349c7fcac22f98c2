namespace Mpath.Simulation;

/// <summary>The simulation's virtual clock, handed to every engine as its <see cref="TimeProvider"/>.</summary>
public sealed class SimulationClock : TimeProvider
{
    /// <summary>Virtual time zero (any fixed instant: runs must not depend on the wall clock).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Virtual time since <see cref="Epoch"/>, in <see cref="TimeSpan"/> ticks.</summary>
    public long Ticks { get; private set; }

    public double Seconds => Ticks / (double)TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(Ticks);

    internal void AdvanceTo(long ticks)
    {
        if (ticks < Ticks) throw new InvalidOperationException("virtual time cannot go backwards");
        Ticks = ticks;
    }

    public static long ToTicks(double seconds) => (long)Math.Round(seconds * TimeSpan.TicksPerSecond);

    public static long ToTicks(DateTimeOffset when) => (when - Epoch).Ticks;
}
