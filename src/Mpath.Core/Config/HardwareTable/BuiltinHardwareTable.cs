using System.Reflection;
using Mpath.Core.Config.Syntax;

namespace Mpath.Core.Config.HardwareTable;

/// <summary>One parsed embedded hardware table file.</summary>
public sealed record HardwareTableFile(string Name, IReadOnlyList<ConfigNode> Nodes);

/// <summary>
/// The compiled-in hardware table: every embedded resource ending in <c>.conf</c> (the files under
/// Config/HardwareTable/), parsed in name order with the ordinary parser.
/// </summary>
public static class BuiltinHardwareTable
{
    private const string ResourcePrefix = "Mpath.Core.Config.HardwareTable.";

    private static readonly Lazy<(IReadOnlyList<HardwareTableFile> Files, IReadOnlyList<ConfigDiagnostic> Diagnostics)> Parsed = new(Parse);

    /// <summary>The parsed files (parsed once; the trees are immutable).</summary>
    public static IReadOnlyList<HardwareTableFile> Files => Parsed.Value.Files;

    /// <summary>Syntax problems in the embedded files. Must be empty: a non-empty list is a bug in the data.</summary>
    public static IReadOnlyList<ConfigDiagnostic> SyntaxDiagnostics => Parsed.Value.Diagnostics;

    private static (IReadOnlyList<HardwareTableFile>, IReadOnlyList<ConfigDiagnostic>) Parse()
    {
        var assembly = typeof(BuiltinHardwareTable).Assembly;
        var diagnostics = new DiagnosticBag();
        var files = new List<HardwareTableFile>();
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.EndsWith(".conf", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource);
            if (stream is null)
            {
                continue;
            }
            using var reader = new StreamReader(stream);
            var name = "hwtable/" + (resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) ? resource[ResourcePrefix.Length..] : resource);
            files.Add(new HardwareTableFile(name, ConfigSyntaxParser.Parse(reader.ReadToEnd(), name, diagnostics)));
        }
        return (files, diagnostics.Items);
    }
}
