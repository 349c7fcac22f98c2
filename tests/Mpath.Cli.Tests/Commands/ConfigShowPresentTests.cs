using Mpath.Cli.Commands;
using Mpath.Linux.Discovery;
using Mpath.Linux.Tests.Discovery;

namespace Mpath.Cli.Tests.Commands;

/// <summary><c>mpath config show --present</c> (multipath -T) on a fake host with one LIO LUN through two ports.</summary>
public sealed class ConfigShowPresentTests : IDisposable
{
    private readonly FakeHost _host = new();

    public ConfigShowPresentTests()
    {
        _host.AddScsiDisk("sda", "8:0", "1:0:1:0");
        _host.AddScsiDisk("sdb", "8:16", "2:0:1:0");
        _host.AddUdevProperties("8:0", "ID_SERIAL=36001405aaaa");
        _host.AddUdevProperties("8:16", "ID_SERIAL=36001405aaaa");
        File.WriteAllText(ConfigFile, "defaults {\n config_dir /nonexistent\n}\nmultipaths {\n multipath {\n  wwid 36001405aaaa\n  alias lio\n }\n" +
            " multipath {\n  wwid 36001405ffff\n  alias absent\n }\n}\n");
    }

    public void Dispose() => _host.Dispose();

    private string ConfigFile => Path.Combine(_host.Root, "multipath.conf");

    private (int Code, string Out, string Err) Show(params string[] args) => CommandRunner.Run(
        ConfigCommands.Build(options => new SysfsPathDiscovery(_host.Host, null, options)), ["config", "show", "--config", ConfigFile, .. args]);

    private static IReadOnlyList<string> Vendors(string text) =>
        text.Split('\n').Where(l => l.StartsWith("\t\tvendor ", StringComparison.Ordinal)).ToList();

    [Fact]
    public void Present_prints_only_the_lio_entry_and_the_multipaths_entry_of_the_lun_present()
    {
        var (code, output, _) = Show("--present");
        Assert.Equal(0, code);
        var devices = output[output.IndexOf("\ndevices {", StringComparison.Ordinal)..output.IndexOf("\noverrides {", StringComparison.Ordinal)];
        Assert.Equal(["\t\tvendor \"(LIO-ORG|SUSE)\""], Vendors(devices));
        Assert.Contains("alias \"lio\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("absent", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_present_every_entry_is_printed()
    {
        var (code, output, _) = Show();
        Assert.Equal(0, code);
        Assert.True(Vendors(output).Count > 50);
        Assert.Contains("alias \"absent\"", output, StringComparison.Ordinal);
    }
}
