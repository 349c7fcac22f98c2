using Mpath.Cli.DropIn;

namespace Mpath.Cli.Tests.DropIn;

public class GetoptTests
{
    [Fact]
    public void Groups_attached_and_separate_arguments_and_permuted_operands()
    {
        var r = Getopt.Scan(["mpatha", "-dv3", "-l", "-v", "2", "-ll"], "dl::v:");
        GetoptOption[] expected = [new('d', null), new('v', "3"), new('l', null), new('v', "2"), new('l', "l")];
        Assert.Null(r.Error);
        Assert.Equal(expected, r.Options);
        Assert.Equal(["mpatha"], r.Operands);
    }

    [Fact]
    public void Optional_argument_is_only_taken_attached() =>
        Assert.Equal(["show", "maps"], Getopt.Scan(["-k", "show", "maps"], "k::").Operands);

    [Theory]
    [InlineData("-Z", "invalid option -- 'Z'")]
    [InlineData("-v", "option requires an argument -- 'v'")]
    public void Errors_name_the_option(string arg, string error) => Assert.Equal(error, Getopt.Scan([arg], "v:").Error);

    [Fact]
    public void Double_dash_ends_the_options() => Assert.Equal(["-d"], Getopt.Scan(["--", "-d"], "d").Operands);
}

public class MultipathDropInTests
{
    [Theory]
    [InlineData("", "apply")]
    [InlineData("-d", "apply --dry-run")]
    [InlineData("-d sdb", "apply --dry-run sdb")]
    [InlineData("-ll", "list")]
    [InlineData("-l mpatha", "list --no-check mpatha")]
    [InlineData("-f mpatha", "flush mpatha")]
    [InlineData("-F", "flush --all")]
    [InlineData("-t", "config show")]
    [InlineData("-T", "config show --present")]
    [InlineData("-c /dev/sdb", "is-path /dev/sdb")]
    [InlineData("-i -c sdb", "is-path sdb --ignore-wwids")]
    [InlineData("-u", "is-path --udev")]
    [InlineData("-a sdb", "wwids add sdb")]
    [InlineData("-w 3600a", "wwids remove 3600a")]
    [InlineData("-W", "wwids reset")]
    [InlineData("-v3 -ll", "list")]
    [InlineData("-v1", "apply --verbosity 1")]
    [InlineData("-v 3 sdb", "apply --verbosity 3 sdb")]
    [InlineData("-v9 -d", "apply --dry-run --verbosity 3")]
    [InlineData("-v2", "apply")]
    public void Options_become_mpath_commands(string args, string mpath)
    {
        var r = MultipathDropIn.Translate(Split(args));
        Assert.Null(r.Error);
        Assert.Equal(mpath, string.Join(' ', r.MpathArgs));
    }

    [Fact]
    public void Verbosity_0_silences_and_r_asks_the_daemon_first()
    {
        Assert.True(MultipathDropIn.Translate(["-v0", "-ll"]).Quiet);
        Assert.False(MultipathDropIn.Translate(["-v2", "-ll"]).Quiet);
        Assert.True(MultipathDropIn.Translate(["-r"]).ReconfigureDaemon);
        Assert.False(MultipathDropIn.Translate(["-d", "-r"]).ReconfigureDaemon);
    }

    [Theory]
    [InlineData("-c", "the -c option requires a path to check")]
    [InlineData("-w", "the -w option requires a device")]
    [InlineData("-f", "must provide a map name to remove")]
    [InlineData("-p failover", "-p (forced path grouping policy) is not supported by mpath")]
    [InlineData("-q", "-q (allow queue_if_no_path without the daemon) is not supported by mpath")]
    [InlineData("-vx", "-v needs a verbosity level (a number), not 'x'")]
    [InlineData("-Z", "invalid option -- 'Z'")]
    public void Bad_or_unsupported_usage_is_an_error(string args, string error) =>
        Assert.Equal(error, MultipathDropIn.Translate(Split(args)).Error);

    [Fact]
    public void Help_and_version_win_over_the_rest()
    {
        Assert.True(MultipathDropIn.Translate(["-h", "-ll"]).Usage);
        Assert.True(MultipathDropIn.Translate(["-V"]).Version);
    }

    [Fact]
    public void Usage_exit_codes_become_multipaths_1()
    {
        var err = new StringWriter();
        Assert.Equal(1, MultipathDropIn.Run("multipath", ["-Z"], new StringWriter(), err));
        Assert.Contains("multipath: invalid option -- 'Z'", err.ToString(), StringComparison.Ordinal);
    }

    private static string[] Split(string args) => args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public class MultipathdDropInTests
{
    [Theory]
    [InlineData("", "daemon")]
    [InlineData("-d", "daemon")]
    [InlineData("-d -v3", "daemon -v 3")]
    [InlineData("-s -w -v 4", "daemon --no-timestamps -v 4")]
    public void Without_a_command_it_runs_the_daemon(string args, string mpath)
    {
        var r = MultipathdDropIn.Translate(args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(MultipathdAction.Daemon, r.Action);
        Assert.Equal(mpath, string.Join(' ', r.MpathArgs));
    }

    [Theory]
    [InlineData(new[] { "-kshow paths" }, "show paths")]
    [InlineData(new[] { "-k", "show", "maps", "json" }, "show maps json")]
    [InlineData(new[] { "show", "paths", "format", "%d %T" }, "show paths format \"%d %T\"")]
    [InlineData(new[] { "-v3", "fail", "path", "sdb" }, "fail path sdb")]
    public void A_command_goes_to_the_socket(string[] args, string command)
    {
        var r = MultipathdDropIn.Translate(args);
        Assert.Equal((MultipathdAction.Command, command), (r.Action, r.Command));
    }

    [Fact]
    public void K_alone_is_interactive() => Assert.Equal(MultipathdAction.Interactive, MultipathdDropIn.Translate(["-k"]).Action);

    [Fact]
    public void Deprecated_n_warns_and_B_is_refused()
    {
        Assert.StartsWith("WARNING: ignoring deprecated option -n", MultipathdDropIn.Translate(["-n", "-d"]).Message, StringComparison.Ordinal);
        var b = MultipathdDropIn.Translate(["-B"]);
        Assert.Equal((MultipathdAction.Error, "-B (read-only bindings file) is not supported by mpath"), (b.Action, b.Message));
    }
}
