namespace Mpath.Cli.Tests.Commands;

public class LinuxVerbsRegistrationTests
{
    [Fact]
    public void The_root_command_offers_the_linux_verbs()
    {
        var names = MpathCommandLine.Build().Subcommands.Select(c => c.Name).ToList();
        Assert.Superset(new HashSet<string> { "dm", "discover", "list", "flush", "check", "alua" }, names.ToHashSet());
    }

    [Fact]
    public void Flush_usage_errors_exit_2_before_touching_device_mapper()
    {
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Usage, MpathCommandLine.Run(["flush"], new StringWriter(), error));
        Assert.Contains("either a MAP or --all", error.ToString(), StringComparison.Ordinal);
    }
}
