namespace Mpath.Core.Config;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>One located configuration problem. The setting or section it names was ignored; the rest loaded.</summary>
public sealed record ConfigDiagnostic(string File, int Line, DiagnosticSeverity Severity, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public string SeverityName => Severity == DiagnosticSeverity.Error ? "error" : "warning";

    public override string ToString() => $"{File}:{Line}: {SeverityName}: {Message}";
}

/// <summary>Collects diagnostics for one load; keeps the line number at least 1 so every message is locatable.</summary>
public sealed class DiagnosticBag
{
    private readonly List<ConfigDiagnostic> _items = [];

    public IReadOnlyList<ConfigDiagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Error(string file, int line, string message) => Add(file, line, DiagnosticSeverity.Error, message);

    public void Warning(string file, int line, string message) => Add(file, line, DiagnosticSeverity.Warning, message);

    public void AddRange(IEnumerable<ConfigDiagnostic> diagnostics) => _items.AddRange(diagnostics);

    private void Add(string file, int line, DiagnosticSeverity severity, string message) =>
        _items.Add(new ConfigDiagnostic(string.IsNullOrEmpty(file) ? "<config>" : file, Math.Max(1, line), severity, message));
}
