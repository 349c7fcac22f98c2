namespace Mpath.Linux.StateFiles;

/// <summary>The small state files multipath keeps under /etc/multipath (bindings, wwids).</summary>
public static class StateFile
{
    /// <summary>The file's text, or null when it does not exist yet.</summary>
    public static string? ReadOptional(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Replaces the file through a temporary file and a rename, so a crash leaves the old or the new contents, never a
    /// torn file (a lost binding renames a map; a lost WWID releases a path). Throws IOException/UnauthorizedAccessException.
    /// </summary>
    public static void WriteAtomically(string path, string text)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
