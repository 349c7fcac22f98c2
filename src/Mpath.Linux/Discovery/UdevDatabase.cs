namespace Mpath.Linux.Discovery;

/// <summary>
/// Reads udev's device database (/run/udev/data/b&lt;major&gt;:&lt;minor&gt;), whose property lines look like
/// <c>E:ID_SERIAL=...</c>. This is how the WWID (uid_attribute, ID_SERIAL by default) is found
/// without linking libudev.
/// </summary>
public sealed class UdevDatabase(HostFileSystem host)
{
    /// <summary>All E: properties of a block device; empty when udev has no record of it.</summary>
    public IReadOnlyDictionary<string, string> Properties(string devT)
    {
        var path = host.UdevData("b" + devT);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return result;
        }
        catch (UnauthorizedAccessException)
        {
            return result;
        }
        foreach (var line in lines)
        {
            if (!line.StartsWith("E:", StringComparison.Ordinal))
            {
                continue;
            }
            var eq = line.IndexOf('=', 2);
            if (eq > 2)
            {
                result[line[2..eq]] = line[(eq + 1)..];
            }
        }
        return result;
    }

    public string? Property(string devT, string name) => Properties(devT).TryGetValue(name, out var value) ? value : null;
}
