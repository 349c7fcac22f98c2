using Mpath.Core.Model;
using Mpath.Linux.Scsi;

namespace Mpath.Linux.Checkers;

/// <summary>
/// readsector0 checker: READ(10) of the first block through SG_IO. A RECOVERED ERROR is up: the read completed.
/// </summary>
public sealed class ReadSector0Checker(IScsiTransport transport) : IPathChecker
{
    /// <summary>Enough for one block of any logical block size in use (512 or 4096).</summary>
    private const int BufferLength = 4096;

    public string Name => "readsector0";

    public CheckerResult Check(string devicePath, TimeSpan timeout)
    {
        try
        {
            var result = transport.Execute(devicePath, new ScsiCommand(ScsiCdb.Read10(0, 1), ScsiDataDirection.FromDevice, BufferLength, timeout));
            if (result.Ok)
            {
                return new CheckerResult(CheckerState.Up, "readsector0 checker reports path is up");
            }
            if (result.Recovered)
            {
                return new CheckerResult(CheckerState.Up, $"readsector0 checker reports path is up ({result.SenseData})");
            }
            if (result.HostStatus == 0x03 || result.DriverStatus == 0x06)
            {
                return new CheckerResult(CheckerState.Timeout, $"readsector0 checker timed out after {timeout.TotalSeconds:0.#}s");
            }
            return new CheckerResult(CheckerState.Down, $"readsector0 checker reports path is down: {result.Describe()}");
        }
        catch (ScsiTransportException ex)
        {
            return new CheckerResult(CheckerState.Down, $"readsector0 checker reports path is down: {ex.Message}");
        }
    }
}
