namespace Mpath.Core.Model;

public enum NoPathRetryMode
{
    /// <summary>Fail I/O at once when no path is left (<c>fail_if_no_path</c>).</summary>
    Fail,
    /// <summary>Queue I/O until a path returns, for ever.</summary>
    Queue,
    /// <summary>Queue for <see cref="NoPathRetry.Retries"/> checker intervals, then fail.</summary>
    Retries,
}

/// <summary>A parsed <c>no_path_retry</c> value: <c>fail</c>, <c>queue</c> or a number of polling intervals.</summary>
public readonly record struct NoPathRetry(NoPathRetryMode Mode, int Retries = 0)
{
    public static NoPathRetry Fail { get; } = new(NoPathRetryMode.Fail);
    public static NoPathRetry Queue { get; } = new(NoPathRetryMode.Queue);
    public static NoPathRetry Times(int retries) =>
        retries > 0 ? new(NoPathRetryMode.Retries, retries) : throw new ArgumentOutOfRangeException(nameof(retries), "retries must be positive; use Fail for 0");

    /// <summary>Parses <c>fail</c>, <c>queue</c> or a number (0 is the same as fail).</summary>
    public static bool TryParse(string text, out NoPathRetry value)
    {
        switch (text)
        {
            case "fail": value = Fail; return true;
            case "queue": value = Queue; return true;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            value = n == 0 ? Fail : Times(n);
            return true;
        }
        value = default;
        return false;
    }

    public override string ToString() => Mode switch
    {
        NoPathRetryMode.Fail => "fail",
        NoPathRetryMode.Queue => "queue",
        _ => Retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
