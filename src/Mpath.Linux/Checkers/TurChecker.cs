using Mpath.Core.Model;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Checkers;

/// <summary>
/// TEST UNIT READY checker. Behaviour follows multipath-tools' tur checker: a reservation conflict
/// still means the LU answers (up), so does a RECOVERED ERROR (the command completed); NOT READY
/// 04/0B (standby port) is ghost; unit attentions and transient transport errors are retried a few
/// times; anything else is down. Additionally a
/// 04/0A (ALUA transition in progress) answers pending - the state is about to change, so it is
/// not a path failure - and an SG_IO command timeout answers timeout.
/// </summary>
public sealed class TurChecker(IScsiTransport transport) : IPathChecker
{
    /// <summary>Attempts for unit attentions and retryable transport errors.</summary>
    public const int Attempts = 5;

    public string Name => "tur";

    public CheckerResult Check(string devicePath, TimeSpan timeout)
    {
        var command = new ScsiCommand(ScsiCdb.TestUnitReady(), ScsiDataDirection.None, 0, timeout);
        ScsiResult? last = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            ScsiResult result;
            try
            {
                result = transport.Execute(devicePath, command);
            }
            catch (ScsiTransportException ex)
            {
                return new CheckerResult(CheckerState.Down, $"tur checker reports path is down: {ex.Message}");
            }
            last = result;
            if ((result.Status & 0x7e) == 0x18)
            {
                return new CheckerResult(CheckerState.Up, "tur checker reports path is up (reservation conflict)");
            }
            if (result.Ok)
            {
                return new CheckerResult(CheckerState.Up, "tur checker reports path is up");
            }
            if (result.Recovered)
            {
                return new CheckerResult(CheckerState.Up, $"tur checker reports path is up ({result.SenseData})");
            }
            if (result.HostStatus == 0x03 || result.DriverStatus == 0x06)
            {
                return new CheckerResult(CheckerState.Timeout, $"tur checker timed out after {timeout.TotalSeconds:0.#}s");
            }
            var sense = result.SenseData;
            if (sense is { Key: SenseKey.UnitAttention } || !IsFinalHostStatus(result.HostStatus))
            {
                continue;
            }
            if (sense is { IsStandby: true })
            {
                return new CheckerResult(CheckerState.Ghost, "tur checker reports path is in standby state");
            }
            if (sense is { IsTransitioning: true })
            {
                return new CheckerResult(CheckerState.Pending, "tur checker reports path is transitioning (ALUA state change in progress)");
            }
            return new CheckerResult(CheckerState.Down, $"tur checker reports path is down: {result.Describe()}");
        }
        return new CheckerResult(CheckerState.Down, $"tur checker reports path is down after {Attempts} attempts: {last?.Describe()}");
    }

    /// <summary>Host statuses that will not change on retry (no connect, bad target, abort, failfast) or success.</summary>
    private static bool IsFinalHostStatus(ushort hostStatus) => hostStatus is 0x00 or 0x01 or 0x04 or 0x05 or 0x0f;
}
