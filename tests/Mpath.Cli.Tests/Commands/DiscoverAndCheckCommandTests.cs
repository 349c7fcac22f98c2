using System.Text.Json;
using Mpath.Cli.Commands;
using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Discovery;
using Mpath.Linux.Tests.Discovery;

namespace Mpath.Cli.Tests.Commands;

public sealed class DiscoverAndCheckCommandTests : IDisposable
{
    private readonly FakeHost _host = new();

    public void Dispose() => _host.Dispose();

    private (int Code, string Out, string Err) Discover(params string[] args) =>
        CommandRunner.Run(DiscoverCommand.Build(options => new SysfsPathDiscovery(_host.Host, null, options)), ["discover", .. args]);

    [Fact]
    public void Json_lists_paths_with_the_topology_field_names()
    {
        var a = _host.AddScsiDisk("sda", "8:0", "0:0:1:0");
        _host.Write(a, "access_state", "standby\n");
        _host.AddUdevProperties("8:0", "ID_SERIAL=3600a", "ID_WWN=0x600a");
        using var doc = JsonDocument.Parse(Discover("--json").Out);
        var path = doc.RootElement.GetProperty("paths")[0];
        Assert.Equal(("sda", "8:0", "0:0:1:0", "3600a", "udev"), (path.GetProperty("dev").GetString(), path.GetProperty("devt").GetString(),
            path.GetProperty("hbtl").GetString(), path.GetProperty("wwid").GetString(), path.GetProperty("wwid_source").GetString()));
        Assert.Equal("standby", path.GetProperty("alua").GetProperty("state").GetString());
        Assert.False(path.GetProperty("alua").TryGetProperty("tpg", out _));
        using var byWwn = JsonDocument.Parse(Discover("--json", "--uid-attribute", "ID_WWN").Out);
        Assert.Equal("0x600a", byWwn.RootElement.GetProperty("paths")[0].GetProperty("wwid").GetString());
    }

    [Fact]
    public void Table_output_has_a_header_and_one_row_per_path_and_warnings_go_to_stderr()
    {
        _host.AddScsiDisk("sda", "8:0", "0:0:1:0");
        var r = Discover();
        var lines = r.Out.TrimEnd().Split('\n');
        Assert.StartsWith("dev dev_t hbtl", lines[0], StringComparison.Ordinal);
        Assert.Matches("^sda +8:0 +0:0:1:0 +LIO-ORG,RAMDISK-MCP +4.0 +- +running +scsi:unspec +-$", lines[1]);
        Assert.Contains("mpath: sda: no WWID", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_says_blacklisting_is_not_applied()
    {
        var help = DiscoverCommand.Build().Description!;
        Assert.Contains("blacklist is NOT applied", help, StringComparison.Ordinal);
    }

    private sealed class FixedChecker(CheckerState state) : IPathChecker
    {
        public List<(string, TimeSpan)> Calls { get; } = [];
        public string Name => "tur";
        public CheckerResult Check(string devicePath, TimeSpan timeout)
        {
            Calls.Add((devicePath, timeout));
            return new CheckerResult(state, $"tur says {state}");
        }
    }

    [Theory]
    [InlineData(CheckerState.Up, 0, "sda: ready: tur says Up")]
    [InlineData(CheckerState.Ghost, 0, "sda: ghost: tur says Ghost")]
    [InlineData(CheckerState.Down, 1, "sda: faulty: tur says Down")]
    public void Check_prints_the_state_and_exits_by_usability(CheckerState state, int code, string line)
    {
        var checker = new FixedChecker(state);
        var r = CommandRunner.Run(CheckCommand.Build(_ => checker), "check", "sda", "--timeout", "9");
        Assert.Equal((code, line + "\n"), (r.Code, r.Out));
        Assert.Equal(("/dev/sda", TimeSpan.FromSeconds(9)), checker.Calls.Single());
    }

    [Theory]
    [InlineData("--checker", "cciss_tur")]
    [InlineData("--timeout", "0")]
    public void Check_rejects_unknown_checkers_and_bad_timeouts(string option, string value) =>
        Assert.Equal(ExitCodes.Usage, CommandRunner.Run(CheckCommand.Build(_ => new FixedChecker(CheckerState.Up)), "check", "sda", option, value).Code);
}
