using Mpath.Cli.Commands;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Tests.DeviceMapper;

namespace Mpath.Cli.Tests.Commands;

public class DmCommandsTests
{
    private readonly FakeDeviceMapper _dm = new();

    private (int, string, string) Run(params string[] args) => CommandRunner.Run(DmCommands.Build(() => _dm), ["dm", .. args]);

    [Fact]
    public void Create_passes_name_uuid_size_table_and_target()
    {
        var (code, _, _) = Run("create", "mpatha", "mpath-3600", "16384", "0 0 1 1 round-robin 0 1 1 8:0 1");
        Assert.Equal(0, code);
        Assert.Equal(new DmMapSpec("mpatha", "mpath-3600", 16384, "0 0 1 1 round-robin 0 1 1 8:0 1", "multipath"), _dm.Maps["mpatha"].Spec);
        Run("create", "lin", "", "8", "8:0 0", "--target", "linear");
        Assert.Equal("linear", _dm.Maps["lin"].Spec.TargetType);
    }

    [Fact]
    public void Failures_exit_1_naming_device_operation_and_errno()
    {
        Run("create", "m", "", "8", "0 0 0 0");
        var (code, _, err) = Run("create", "m", "", "8", "0 0 0 0");
        Assert.Equal(1, code);
        Assert.Equal("mpath: m: create failed: File exists (errno 17): a map with this name exists\n", err);
    }

    [Fact]
    public void Message_words_are_joined_and_sent()
    {
        _dm.Add("m", "mpath-x", 8, "0 0 0 0", "");
        Assert.Equal(0, Run("message", "m", "fail_path", "8:16").Item1);
        Assert.Equal(0, Run("message", "m", "switch_group", "2").Item1);
        Assert.Equal(["message m fail_path 8:16", "message m switch_group 2"], _dm.Calls);
    }

    [Fact]
    public void Message_needs_text() => Assert.Equal(ExitCodes.Usage, Run("message", "m").Item1);

    [Fact]
    public void Remove_refuses_an_open_map_and_deferred_asks_for_deferral()
    {
        _dm.Add("m", "mpath-x", 8, "0 0 0 0", "", openCount: 2);
        var (code, _, err) = Run("remove", "m");
        Assert.Equal(1, code);
        Assert.Equal("mpath: m: remove failed: map is in use (open count 2)\n", err);
        Run("remove", "m", "--deferred");
        Assert.Equal("remove m DeferIfOpen", _dm.Calls[^1]);
    }

    [Fact]
    public void Table_status_info_print_what_the_kernel_has()
    {
        _dm.Add("m", "mpath-x", 8, "0 0 1 1 round-robin 0 1 1 8:0 1", "2 0 0 0 1 1 A 0 1 0 8:0 A 0");
        Assert.Equal("0 8 multipath 0 0 1 1 round-robin 0 1 1 8:0 1\n", Run("table", "m").Item2);
        Assert.Equal("0 8 multipath 2 0 0 0 1 1 A 0 1 0 8:0 A 0\n", Run("status", "m").Item2);
        Assert.StartsWith("name=m uuid=mpath-x dev=254:0 open=0 event=0 state=active", Run("info", "m").Item2, StringComparison.Ordinal);
        Assert.Equal("m\t254:0\tmultipath\n", Run("list").Item2);
    }

    [Fact]
    public void Reload_suspend_resume_reach_the_adapter()
    {
        _dm.Add("m", "mpath-x", 8, "0 0 0 0", "");
        Run("reload", "m", "16", "1 queue_if_no_path 0 0 0");
        Run("suspend", "m", "--noflush");
        Run("resume", "m");
        Assert.Equal(["reload m", "suspend m flush=False", "resume m"], _dm.Calls);
        Assert.Equal(16, _dm.Maps["m"].Spec.Sectors);
        Assert.Equal("mpath-x", _dm.Maps["m"].Spec.Uuid);
    }

    [Fact]
    public void Size_must_be_a_number() => Assert.Equal(ExitCodes.Usage, Run("create", "m", "u", "lots", "t").Item1);
}
