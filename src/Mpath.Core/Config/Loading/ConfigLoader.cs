using Mpath.Core.Config.HardwareTable;
using Mpath.Core.Config.Sections;
using Mpath.Core.Config.Syntax;

namespace Mpath.Core.Config.Loading;

/// <summary>Reads configuration files for the loader; tests pass in-memory files, the CLI the real file system.</summary>
public interface IConfigFileSource
{
    /// <summary>The file's text, or null when it does not exist or cannot be read.</summary>
    string? TryReadText(string path);

    /// <summary>Paths of the files directly in <paramref name="directory"/> (any order; empty when it does not exist).</summary>
    IReadOnlyList<string> ListFiles(string directory);
}

/// <summary>An <see cref="IConfigFileSource"/> over a dictionary of path to text.</summary>
public sealed class InMemoryConfigFiles(IReadOnlyDictionary<string, string> files) : IConfigFileSource
{
    public string? TryReadText(string path) => files.GetValueOrDefault(path);

    public IReadOnlyList<string> ListFiles(string directory)
    {
        var prefix = directory.TrimEnd('/') + "/";
        return files.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal) && !p[prefix.Length..].Contains('/')).ToList();
    }
}

public sealed record ConfigLoadResult(MultipathConfig Config, IReadOnlyList<ConfigDiagnostic> Diagnostics, IReadOnlyList<string> FilesRead)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Loads the effective configuration as multipath-tools does: compiled-in hardware table, then the
/// main file, then every <c>*.conf</c> in config_dir in name order. Never throws on file content.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultConfigFile = "/etc/multipath.conf";
    public const string DefaultConfigDir = "/etc/multipath/conf.d";

    /// <param name="mainFile">Path of multipath.conf.</param>
    /// <param name="files">Where files are read from.</param>
    /// <param name="mainRequired">When true a missing main file is an error; otherwise the built-ins are used, as multipath-tools does.</param>
    public static ConfigLoadResult Load(string mainFile, IConfigFileSource files, bool mainRequired = false)
    {
        var diagnostics = new DiagnosticBag();
        var builder = NewBuilderWithBuiltins(diagnostics);
        var read = new List<string>();

        var mainText = files.TryReadText(mainFile);
        if (mainText is null)
        {
            if (mainRequired)
            {
                diagnostics.Error(mainFile, 1, "cannot read the configuration file (missing or unreadable)");
            }
        }
        else
        {
            read.Add(mainFile);
            builder.Apply(ConfigSyntaxParser.Parse(mainText, mainFile, diagnostics));
        }

        // Like multipath-tools, config_dir is taken from the main file only.
        var configDir = builder.Config.Defaults["config_dir"]?.Value ?? DefaultConfigDir;
        foreach (var path in files.ListFiles(configDir)
                     .Where(p => p.EndsWith(".conf", StringComparison.Ordinal))
                     .OrderBy(Path.GetFileName, StringComparer.Ordinal))
        {
            var text = files.TryReadText(path);
            if (text is null)
            {
                diagnostics.Warning(path, 1, "cannot read this config_dir file; skipped");
                continue;
            }
            read.Add(path);
            builder.Apply(ConfigSyntaxParser.Parse(text, path, diagnostics));
        }
        return new ConfigLoadResult(builder.Config, InFileOrder(diagnostics.Items, read), read);
    }

    /// <summary>Messages grouped by file in load order, by line within a file (syntax and keyword checks run in separate passes).</summary>
    private static List<ConfigDiagnostic> InFileOrder(IReadOnlyList<ConfigDiagnostic> diagnostics, List<string> files) =>
        diagnostics.Select((d, i) => (d, i))
            .OrderBy(x => files.IndexOf(x.d.File) is var f && f < 0 ? -1 : f)
            .ThenBy(x => x.d.Line)
            .ThenBy(x => x.i)
            .Select(x => x.d)
            .ToList();

    /// <summary>Loads one configuration text (no config_dir), for tests and tools.</summary>
    public static ConfigLoadResult LoadText(string text, string fileName = "multipath.conf")
    {
        var diagnostics = new DiagnosticBag();
        var builder = NewBuilderWithBuiltins(diagnostics);
        builder.Apply(ConfigSyntaxParser.Parse(text, fileName, diagnostics));
        return new ConfigLoadResult(builder.Config, InFileOrder(diagnostics.Items, [fileName]), [fileName]);
    }

    private static ConfigBuilder NewBuilderWithBuiltins(DiagnosticBag diagnostics)
    {
        var builder = new ConfigBuilder(diagnostics);
        foreach (var file in BuiltinHardwareTable.Files)
        {
            builder.Apply(file.Nodes, builtIn: true);
        }
        // Problems in the compiled-in table are a bug of mpath, not of the user's file; tests assert there are none.
        return builder;
    }
}
