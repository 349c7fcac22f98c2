namespace Mpath.Core.Model;

/// <summary>How a map returns to its best path group (the multipath.conf <c>failback</c> keyword).</summary>
public enum FailbackMode
{
    /// <summary>Switch as soon as a better group is usable.</summary>
    Immediate,
    /// <summary>Never switch automatically; an operator must.</summary>
    Manual,
    /// <summary>Switch only when a path of the best group comes up per the checker after the whole group was down per the checker.</summary>
    Followover,
    /// <summary>Switch <see cref="Failback.DeferSeconds"/> seconds after a better group appeared.</summary>
    Deferred,
}

/// <summary>A parsed <c>failback</c> value: <c>immediate</c>, <c>manual</c>, <c>followover</c> or a number of seconds.</summary>
public readonly record struct Failback(FailbackMode Mode, int DeferSeconds = 0)
{
    public static Failback Immediate { get; } = new(FailbackMode.Immediate);
    public static Failback Manual { get; } = new(FailbackMode.Manual);
    public static Failback Followover { get; } = new(FailbackMode.Followover);

    public static Failback Deferred(int seconds) =>
        seconds > 0 ? new(FailbackMode.Deferred, seconds) : throw new ArgumentOutOfRangeException(nameof(seconds), "a deferred failback needs a positive number of seconds");

    /// <summary>Parses the multipath.conf forms. A bare number N &gt; 0 means deferred by N seconds; 0 means immediate.</summary>
    public static bool TryParse(string text, out Failback value)
    {
        switch (text)
        {
            case "immediate": value = Immediate; return true;
            case "manual": value = Manual; return true;
            case "followover": value = Followover; return true;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            value = seconds == 0 ? Immediate : Deferred(seconds);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>The value as multipath.conf writes it.</summary>
    public override string ToString() => Mode switch
    {
        FailbackMode.Immediate => "immediate",
        FailbackMode.Manual => "manual",
        FailbackMode.Followover => "followover",
        _ => DeferSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
