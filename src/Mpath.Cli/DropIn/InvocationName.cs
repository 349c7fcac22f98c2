namespace Mpath.Cli.DropIn;

/// <summary>
/// The name the binary was started as (the basename of argv[0]), which picks the drop-in behaviour when mpath is
/// installed as <c>multipath</c> or <c>multipathd</c> symlinks. /proc/self/cmdline holds argv[0] exactly as the
/// caller passed it, symlink name included; /proc/self/exe and the runtime's process path resolve the symlink to
/// the real binary and so cannot tell.
/// </summary>
internal static class InvocationName
{
    public static string Current()
    {
        try
        {
            var cmdline = File.ReadAllBytes("/proc/self/cmdline");
            var end = Array.IndexOf(cmdline, (byte)0);
            var argv0 = System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            if (argv0.Length > 0) return Path.GetFileName(argv0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux procfs: fall back to what the runtime reports.
        }
        return Path.GetFileName(Environment.GetCommandLineArgs()[0]);
    }
}
