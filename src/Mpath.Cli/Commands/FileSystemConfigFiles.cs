using Mpath.Core.Config.Loading;

namespace Mpath.Cli.Commands;

/// <summary>Reads configuration files from the real file system for the config loader.</summary>
internal sealed class FileSystemConfigFiles : IConfigFileSource
{
    public string? TryReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        try
        {
            return Directory.Exists(directory) ? Directory.GetFiles(directory) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
