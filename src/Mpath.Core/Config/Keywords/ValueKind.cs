namespace Mpath.Core.Config.Keywords;

/// <summary>The value forms a keyword accepts; each maps to one validator in <see cref="KeywordValues"/>.</summary>
public enum ValueKind
{
    /// <summary>Any text, also empty.</summary>
    Text,
    /// <summary>Non-empty text.</summary>
    NonEmptyText,
    /// <summary>A regular expression that must compile.</summary>
    Regex,
    /// <summary>A regular expression a leading '!' inverts (blacklist entries).</summary>
    BlacklistRegex,
    /// <summary>An integer in [Keyword.Min, Keyword.Max].</summary>
    Integer,
    /// <summary><c>yes</c>/<c>no</c> (also 1/0).</summary>
    YesNo,
    /// <summary>One of Keyword.Choices (synonyms via Keyword.Synonyms).</summary>
    Choice,
    /// <summary><c>no</c> (or 0) for off, or a positive integer.</summary>
    NoOrPositive,
    /// <summary><c>off</c> or an integer &gt;= 0.</summary>
    OffOrNonNegative,
    /// <summary><c>infinity</c> or an integer &gt;= 0.</summary>
    InfinityOrNonNegative,
    /// <summary><c>max</c> or a positive integer.</summary>
    MaxOrPositive,
    Failback,
    NoPathRetry,
    /// <summary>"N word1 .. wordN" device-mapper features.</summary>
    Features,
    /// <summary>"0" or "1 name" device-mapper hardware handler.</summary>
    HardwareHandler,
    /// <summary>"name N [args]" with a known path selector name.</summary>
    PathSelector,
    /// <summary><c>file</c> or a 64-bit hex key, optionally with <c>:aptpl</c>.</summary>
    ReservationKey,
    /// <summary>An octal file mode (multipaths mode).</summary>
    OctalMode,
    /// <summary>Deprecated: accepted with a warning and ignored.</summary>
    Deprecated,
}
