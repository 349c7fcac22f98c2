using System.CommandLine;
using Mpath.Core.Config.Loading;

namespace Mpath.Cli.Commands;

/// <summary>The <c>--config FILE</c> option every command that reads multipath.conf shares, and how it loads.</summary>
internal static class ConfigFileLoading
{
    public static Option<string?> ConfigOption() => new("--config")
    {
        Description = $"Configuration file (default {ConfigLoader.DefaultConfigFile}; if the default is missing the built-in settings are used, a missing named file is an error).",
        HelpName = "FILE",
    };

    /// <summary>Loads the named file (required) or the default one (optional). Returns the missing named file's path, if any.</summary>
    public static (ConfigLoadResult Loaded, string? MissingFile) Load(string? named)
    {
        var files = new FileSystemConfigFiles();
        var path = named ?? ConfigLoader.DefaultConfigFile;
        var loaded = ConfigLoader.Load(path, files, mainRequired: named is not null);
        var missing = named is not null && files.TryReadText(named) is null ? named : null;
        return (loaded, missing);
    }
}
