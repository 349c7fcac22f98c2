using Mpath.Core.Model;
using Mpath.Daemon.Service;
using Mpath.Linux.Checkers;
using Mpath.Linux.Scsi;
using Mpath.Linux.Tests.Checkers;

namespace Mpath.Daemon.Tests.Service;

public class LinuxPathCheckServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static PathInfo Path(string dev, string wwid) => new(dev, "8:0", "1:0:0:0", "DGC", "VRAID", "0001", wwid);

    /// <summary>A CLARiiON page 0xC0 of a LUN owned by this SP, with every WWN byte <paramref name="wwnByte"/>.</summary>
    private static byte[] ClariionPage(byte wwnByte)
    {
        var page = new byte[ClariionUnitPage.Length];
        page[1] = 0xc0;
        page[4] = 2;
        page.AsSpan(10, 16).Fill(wwnByte);
        page[27] = 3;
        page[28] = 4;
        page[30] = 0x04;
        return page;
    }

    [Fact]
    public async Task A_device_node_that_names_another_path_gets_a_fresh_emc_clariion_context()
    {
        byte wwn = 0x11;
        var transport = new ScriptedTransport(c => c.Cdb[0] == ScsiCdb.InquiryOpcode ? ScriptedTransport.Data(ClariionPage(wwn)) : ScriptedTransport.Good);
        using var checks = new LinuxPathCheckService(transport, 1);

        Assert.Equal(CheckerState.Up, (await checks.CheckAsync(Path("sdx", "36006016a"), "emc_clariion", Timeout)).State);
        // sdx was removed and the name reused for another LU: not a "WWN has changed" failure.
        wwn = 0x22;
        Assert.Equal(CheckerState.Up, (await checks.CheckAsync(Path("sdx", "36006016b"), "emc_clariion", Timeout)).State);
        // The same path (same WWID) suddenly showing another LUN WWN is.
        wwn = 0x33;
        var changed = await checks.CheckAsync(Path("sdx", "36006016b"), "emc_clariion", Timeout);
        Assert.Equal(CheckerState.Down, changed.State);
        Assert.Contains("WWN has changed", changed.Message, StringComparison.Ordinal);
        Assert.All(transport.Devices, d => Assert.Equal("/dev/sdx", d));
    }

    [Theory]
    [InlineData("cciss_tur")]
    [InlineData("none")]
    public async Task Tur_aliases_send_test_unit_ready(string name)
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Good);
        using var checks = new LinuxPathCheckService(transport, 1);
        var result = await checks.CheckAsync(Path("sdy", "3600a"), name, Timeout);
        Assert.Equal(new CheckerResult(CheckerState.Up, "tur checker reports path is up"), result);
        Assert.Equal(ScsiCdb.TestUnitReady(), transport.Commands.Single().Cdb);
    }

    [Theory]
    [InlineData("rdac", 0xc9)]
    [InlineData("hp_sw", 0x80)]
    [InlineData("emc_clariion", 0xc0)]
    public async Task Vendor_checkers_are_used_not_tur(string name, byte page)
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.CheckCondition(0x5, 0x24, 0x00));
        using var checks = new LinuxPathCheckService(transport, 1);
        var result = await checks.CheckAsync(Path("sdz", "3600a"), name, Timeout);
        Assert.Equal(CheckerState.Unchecked, result.State);
        Assert.StartsWith($"{name} checker doesn't support this device", result.Message, StringComparison.Ordinal);
        Assert.Equal(ScsiCdb.Inquiry(page, transport.Commands[0].Cdb[4]), transport.Commands[0].Cdb);
    }

    [Fact]
    public async Task An_unknown_checker_name_changes_nothing()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Good);
        using var checks = new LinuxPathCheckService(transport, 1);
        var result = await checks.CheckAsync(Path("sdz", "3600a"), "bogus", Timeout);
        Assert.Equal(new CheckerResult(CheckerState.Unchecked, "unknown path checker 'bogus'"), result);
        Assert.Empty(transport.Commands);
    }

    [Theory]
    [InlineData("offline", CheckerState.Down)]
    [InlineData("transport-offline", CheckerState.Down)]
    [InlineData("blocked", CheckerState.Pending)]
    public async Task The_device_state_decides_before_any_command_is_sent(string state, CheckerState expected)
    {
        // An offline sd device's TUR can come back clean (refused before it reaches the device): it must not count as up.
        var transport = new ScriptedTransport(_ => ScriptedTransport.Good);
        using var checks = new LinuxPathCheckService(transport, 1, _ => state);
        var result = await checks.CheckAsync(Path("sdz", "3600a"), "tur", Timeout);
        Assert.Equal(expected, result.State);
        Assert.Empty(transport.Commands);
    }

    [Fact]
    public async Task A_running_device_is_checked_by_its_checker()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Good);
        using var checks = new LinuxPathCheckService(transport, 1, _ => "running");
        Assert.Equal(CheckerState.Up, (await checks.CheckAsync(Path("sdz", "3600a"), "tur", Timeout)).State);
        Assert.Single(transport.Commands);
    }

    /// <summary>Answers good and records which device nodes it was told to let go of.</summary>
    private sealed class ForgettingTransport : IScsiTransport
    {
        public List<string> Forgotten { get; } = [];

        public ScsiResult Execute(string devicePath, ScsiCommand command) => ScriptedTransport.Good;

        public void Forget(string devicePath) => Forgotten.Add(devicePath);
    }

    [Fact]
    public async Task A_path_forgotten_or_naming_another_lun_releases_its_device_node()
    {
        var transport = new ForgettingTransport();
        using var checks = new LinuxPathCheckService(transport, 1, _ => "running");
        await checks.CheckAsync(Path("sdz", "3600a"), "tur", Timeout);
        await checks.CheckAsync(Path("sdz", "3600a"), "tur", Timeout);
        Assert.Empty(transport.Forgotten);
        // the node now names another LU: what the transport holds for it names the old one
        await checks.CheckAsync(Path("sdz", "3600b"), "tur", Timeout);
        Assert.Equal(["/dev/sdz"], transport.Forgotten);
        checks.Forget("sdz");
        Assert.Equal(["/dev/sdz", "/dev/sdz"], transport.Forgotten);
    }
}
