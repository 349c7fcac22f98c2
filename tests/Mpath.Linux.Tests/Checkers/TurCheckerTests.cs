using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Tests.Checkers;

public class TurCheckerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(7);

    private static CheckerResult Run(params ScsiResult[] answers)
    {
        var queue = new Queue<ScsiResult>(answers);
        var transport = new ScriptedTransport(_ => queue.Count > 1 ? queue.Dequeue() : queue.Peek());
        var result = new TurChecker(transport).Check("/dev/sdx", Timeout);
        Assert.All(transport.Commands, c =>
        {
            Assert.Equal(new byte[6], c.Cdb);
            Assert.Equal((ScsiDataDirection.None, Timeout), (c.Direction, c.Timeout));
        });
        return result;
    }

    [Fact]
    public void Good_status_is_up() =>
        Assert.Equal(new CheckerResult(CheckerState.Up, "tur checker reports path is up"), Run(ScriptedTransport.Good));

    [Fact]
    public void Standby_sense_is_ghost() =>
        Assert.Equal(new CheckerResult(CheckerState.Ghost, "tur checker reports path is in standby state"), Run(ScriptedTransport.CheckCondition(0x2, 0x04, 0x0b)));

    [Fact]
    public void Transitioning_sense_is_pending() =>
        Assert.Equal(CheckerState.Pending, Run(ScriptedTransport.CheckCondition(0x2, 0x04, 0x0a)).State);

    [Fact]
    public void Unavailable_sense_is_down_with_the_decoded_reason()
    {
        var result = Run(ScriptedTransport.CheckCondition(0x2, 0x04, 0x0c));
        Assert.Equal(CheckerState.Down, result.State);
        Assert.Contains("target port in unavailable state", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_attention_is_retried()
    {
        Assert.Equal(CheckerState.Up, Run(ScriptedTransport.CheckCondition(0x6, 0x29, 0x00), ScriptedTransport.CheckCondition(0x6, 0x2a, 0x06), ScriptedTransport.Good).State);
    }

    [Fact]
    public void Endless_unit_attentions_end_down_after_the_attempt_limit()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.CheckCondition(0x6, 0x29, 0x00));
        var result = new TurChecker(transport).Check("/dev/sdx", Timeout);
        Assert.Equal(CheckerState.Down, result.State);
        Assert.Equal(TurChecker.Attempts, transport.Commands.Count);
        Assert.Contains("unit attention", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reservation_conflict_means_the_lu_answers() =>
        Assert.Equal(CheckerState.Up, Run(new ScsiResult(0x18, 0, 0, [], [])).State);

    [Fact]
    public void Retryable_host_status_is_retried_final_one_is_not()
    {
        Assert.Equal(CheckerState.Up, Run(new ScsiResult(0, 0x07, 0, [], []), ScriptedTransport.Good).State);
        var transport = new ScriptedTransport(_ => new ScsiResult(0, 0x01, 0, [], []));
        var result = new TurChecker(transport).Check("/dev/sdx", Timeout);
        Assert.Equal((CheckerState.Down, 1), (result.State, transport.Commands.Count));
        Assert.Contains("no connect", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovered_error_means_the_command_completed()
    {
        var recovered = ScriptedTransport.CheckCondition(0x1, 0x5d, 0x00);
        var tur = Run(recovered);
        Assert.Equal(CheckerState.Up, tur.State);
        Assert.Contains("recovered error", tur.Message, StringComparison.Ordinal);
        Assert.Equal(CheckerState.Up, new ReadSector0Checker(new ScriptedTransport(_ => recovered)).Check("/dev/sdx", Timeout).State);
    }

    [Fact]
    public void Command_timeout_is_timeout() =>
        Assert.Equal(CheckerState.Timeout, Run(new ScsiResult(0, 0x03, 0, [], [])).State);

    [Fact]
    public void Ioctl_failure_is_down_with_errno_text()
    {
        var result = new TurChecker(new ScriptedTransport(_ => throw new ScsiTransportException("/dev/sdx", "SG_IO", 6))).Check("/dev/sdx", Timeout);
        Assert.Equal(CheckerState.Down, result.State);
        Assert.Contains("/dev/sdx: SG_IO failed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Readsector0_reads_block_zero_and_reports_sense()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.CheckCondition(0x2, 0x04, 0x0b));
        var result = new ReadSector0Checker(transport).Check("/dev/sdx", Timeout);
        Assert.Equal(CheckerState.Down, result.State);
        Assert.Contains("standby", result.Message, StringComparison.Ordinal);
        Assert.Equal(ScsiCdb.Read10(0, 1), transport.Commands[0].Cdb);
        Assert.Equal(CheckerState.Up, new ReadSector0Checker(new ScriptedTransport(_ => ScriptedTransport.Good)).Check("/dev/sdx", Timeout).State);
    }

    [Fact]
    public void Checkers_are_created_by_name()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Good);
        Assert.Equal(["tur", "directio", "readsector0", "emc_clariion", "rdac", "hp_sw"], PathCheckers.Names.Select(n => PathCheckers.Create(n, transport)!.Name));
        Assert.Null(PathCheckers.Create("cciss_tur", transport));
    }

    [Fact]
    public void Directio_on_a_missing_device_is_down()
    {
        var result = new DirectIoChecker().Check("/nonexistent/mpath-test-device", Timeout);
        Assert.Equal(CheckerState.Down, result.State);
        Assert.Contains("No such file or directory", result.Message, StringComparison.Ordinal);
    }
}
