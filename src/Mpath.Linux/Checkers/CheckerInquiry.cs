using Mpath.Core.Model;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Checkers;

/// <summary>How a checker's INQUIRY ended.</summary>
public enum InquiryStatus
{
    /// <summary>Data came back (GOOD, or CHECK CONDITION with RECOVERED ERROR, whose data is valid).</summary>
    Answered,
    /// <summary>The device rejects the page (ILLEGAL REQUEST) or is no SCSI device (SG_IO: ENOTTY).</summary>
    Unsupported,
    /// <summary>SG_IO's command timeout expired.</summary>
    TimedOut,
    Failed,
}

/// <summary>The outcome of <see cref="CheckerInquiry.VpdPage"/>: the page bytes when answered, else a readable reason.</summary>
public sealed record InquiryOutcome(InquiryStatus Status, byte[] Data, string Reason)
{
    /// <summary>
    /// The checker's verdict when no page came back - unchecked ("doesn't support this device"), timeout, or down with
    /// <paramref name="downMessage"/> of the reason - or null when the device answered.
    /// </summary>
    public CheckerResult? Unanswered(string checkerName, TimeSpan timeout, Func<string, string> downMessage) => Status switch
    {
        InquiryStatus.Unsupported => new CheckerResult(CheckerState.Unchecked, $"{checkerName} checker doesn't support this device ({Reason})"),
        InquiryStatus.TimedOut => new CheckerResult(CheckerState.Timeout, $"{checkerName} checker timed out after {timeout.TotalSeconds:0.#}s"),
        InquiryStatus.Failed => new CheckerResult(CheckerState.Down, downMessage(Reason)),
        _ => null,
    };
}

/// <summary>
/// The INQUIRY the vendor checkers (emc_clariion, rdac, hp_sw) send, with the error handling they share: transient
/// transport errors are sent again a few times, a recovered error counts as an answer, ILLEGAL REQUEST means the
/// device does not have the page (not a path failure: it is the wrong checker for the device).
/// </summary>
public static class CheckerInquiry
{
    /// <summary>Attempts for transient transport errors (bus busy, internal/soft error, transport disrupted).</summary>
    public const int Attempts = 5;

    private const int NotATypewriter = 25; // ENOTTY: the node does not take SG_IO (not a SCSI device)

    public static InquiryOutcome VpdPage(IScsiTransport transport, string devicePath, byte page, ushort length, TimeSpan timeout)
    {
        var command = new ScsiCommand(ScsiCdb.Inquiry(page, length), ScsiDataDirection.FromDevice, length, timeout);
        for (var attempt = 1; ; attempt++)
        {
            ScsiResult result;
            try
            {
                result = transport.Execute(devicePath, command);
            }
            catch (ScsiTransportException ex)
            {
                return new InquiryOutcome(ex.Errno == NotATypewriter ? InquiryStatus.Unsupported : InquiryStatus.Failed, [], ex.Message);
            }
            if (result.Ok)
            {
                return new InquiryOutcome(InquiryStatus.Answered, result.Data, "good");
            }
            if (IsTimeout(result))
            {
                return new InquiryOutcome(InquiryStatus.TimedOut, [], result.Describe());
            }
            if (IsTransient(result.HostStatus) && attempt < Attempts)
            {
                continue;
            }
            var status = result.Recovered ? InquiryStatus.Answered
                : result.SenseData?.Key == SenseKey.IllegalRequest ? InquiryStatus.Unsupported
                : InquiryStatus.Failed;
            return new InquiryOutcome(status, status == InquiryStatus.Answered ? result.Data : [], result.Describe());
        }
    }

    /// <summary>SG_IO reports its own command timeout as host status "timed out" or driver status "timeout".</summary>
    public static bool IsTimeout(ScsiResult result) => result.HostStatus == 0x03 || (result.DriverStatus & 0x0f) == 0x06;

    /// <summary>Host statuses worth sending the command again for: bus busy, error, soft error, transport disrupted.</summary>
    private static bool IsTransient(ushort hostStatus) => hostStatus is 0x02 or 0x07 or 0x0b or 0x0e;
}
