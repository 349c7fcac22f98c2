namespace Mpath.Daemon.Control;

/// <summary>
/// A parsed control command. <see cref="Shape"/> is the command with synonyms folded and parameters replaced by
/// their names, e.g. <c>switch map $map group $group</c>; handlers are looked up by it.
/// </summary>
public sealed record ControlCommand(string Shape, IReadOnlyDictionary<string, string> Parameters)
{
    public string Parameter(string name) => Parameters.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException(name);

    /// <summary>Read-only commands anyone may send; every other one changes state and needs root.</summary>
    public bool IsReadOnly => Shape.StartsWith("show", StringComparison.Ordinal) || Shape is "quit" or "getprstatus map $map" or "getprkey map $map";
}

/// <summary>The outcome of parsing: a command, or an error text for the reply.</summary>
public readonly record struct ControlParseResult(ControlCommand? Command, string? Error)
{
    public bool Ok => Command is not null;
}
