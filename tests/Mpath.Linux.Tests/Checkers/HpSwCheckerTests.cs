using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Tests.Checkers;

public class HpSwCheckerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static readonly byte[] SerialPage = [0, 0x80, 0, 4, (byte)'P', (byte)'8', (byte)'1', (byte)'2'];

    /// <summary>INQUIRY answers <paramref name="inquiry"/>; each TEST UNIT READY takes the next of <paramref name="tur"/>.</summary>
    private static (CheckerResult Result, ScriptedTransport Transport) Check(ScsiResult inquiry, params ScsiResult[] tur)
    {
        var turs = new Queue<ScsiResult>(tur);
        var transport = new ScriptedTransport(c => c.Cdb[0] == ScsiCdb.InquiryOpcode ? inquiry : turs.Dequeue());
        return (new HpSwChecker(transport).Check("/dev/sdx", Timeout), transport);
    }

    [Fact]
    public void Serial_page_then_tur_good_is_up()
    {
        var (result, transport) = Check(ScriptedTransport.Data(SerialPage), ScriptedTransport.Good);
        Assert.Equal(new CheckerResult(CheckerState.Up, "hp_sw checker reports path is up"), result);
        Assert.Equal([ScsiCdb.Inquiry(0x80, 255), ScsiCdb.TestUnitReady()], transport.Commands.Select(c => c.Cdb));
    }

    [Theory]
    [InlineData(0x04, 0x02)] // initializing command required: the standby controller until the handler starts it
    [InlineData(0x04, 0x03)] // manual intervention required
    [InlineData(0x04, 0x0b)] // standby
    public void Answering_controller_whose_tur_fails_not_ready_is_ghost(byte asc, byte ascq)
    {
        var (result, _) = Check(ScriptedTransport.Data(SerialPage), ScriptedTransport.CheckCondition(0x2, asc, ascq));
        Assert.Equal(CheckerState.Ghost, result.State);
        Assert.StartsWith("hp_sw checker reports path is ghost", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unit_attention_is_asked_again_once()
    {
        Assert.Equal(CheckerState.Up, Check(ScriptedTransport.Data(SerialPage), ScriptedTransport.CheckCondition(0x6, 0x29, 0x00), ScriptedTransport.Good).Result.State);
    }

    [Fact]
    public void Inquiry_failure_is_down_and_sends_no_tur()
    {
        var (result, transport) = Check(new ScsiResult(0, 0x01, 0, [], []));
        Assert.Equal(CheckerState.Down, result.State);
        Assert.StartsWith("hp_sw checker reports path is down", result.Message, StringComparison.Ordinal);
        Assert.Single(transport.Commands);
    }

    [Fact]
    public void Recovered_error_on_inquiry_counts_as_an_answer()
    {
        var recovered = ScriptedTransport.CheckCondition(0x1, 0x17, 0x00) with { Data = SerialPage };
        Assert.Equal(CheckerState.Up, Check(recovered, ScriptedTransport.Good).Result.State);
    }

    [Fact]
    public void Timeouts_are_timeouts()
    {
        var timedOut = new ScsiResult(0, 0x03, 0, [], []);
        Assert.Equal(CheckerState.Timeout, Check(timedOut).Result.State);
        Assert.Equal(CheckerState.Timeout, Check(ScriptedTransport.Data(SerialPage), timedOut).Result.State);
    }

    [Fact]
    public void Not_a_scsi_device_is_unsupported()
    {
        var transport = new ScriptedTransport(_ => throw new ScsiTransportException("/dev/sdx", "SG_IO", 25));
        var result = new HpSwChecker(transport).Check("/dev/sdx", Timeout);
        Assert.Equal(CheckerState.Unchecked, result.State);
        Assert.StartsWith("hp_sw checker doesn't support this device", result.Message, StringComparison.Ordinal);
    }
}

public class CheckerInquiryTests
{
    [Fact]
    public void Transient_transport_errors_are_retried_up_to_the_attempt_limit()
    {
        var answers = new Queue<ScsiResult>([new ScsiResult(0, 0x07, 0, [], []), new ScsiResult(0, 0x0e, 0, [], []), ScriptedTransport.Data([0, 0xc9, 0, 0])]);
        var transport = new ScriptedTransport(_ => answers.Dequeue());
        var outcome = CheckerInquiry.VpdPage(transport, "/dev/sdx", 0xc9, 48, TimeSpan.FromSeconds(1));
        Assert.Equal((InquiryStatus.Answered, 3), (outcome.Status, transport.Commands.Count));

        var busy = new ScriptedTransport(_ => new ScsiResult(0, 0x02, 0, [], []));
        Assert.Equal(InquiryStatus.Failed, CheckerInquiry.VpdPage(busy, "/dev/sdx", 0xc9, 48, TimeSpan.FromSeconds(1)).Status);
        Assert.Equal(CheckerInquiry.Attempts, busy.Commands.Count);
    }

    [Fact]
    public void Final_host_status_is_not_retried()
    {
        var transport = new ScriptedTransport(_ => new ScsiResult(0, 0x01, 0, [], []));
        var outcome = CheckerInquiry.VpdPage(transport, "/dev/sdx", 0xc0, 128, TimeSpan.FromSeconds(1));
        Assert.Equal((InquiryStatus.Failed, 1), (outcome.Status, transport.Commands.Count));
        Assert.Contains("no connect", outcome.Reason, StringComparison.Ordinal);
    }
}
