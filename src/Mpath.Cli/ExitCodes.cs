namespace Mpath.Cli;

/// <summary>The exit codes every mpath subcommand uses (documented in README.md and mpath --help).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Problem = 1;
    public const int Usage = 2;
}
