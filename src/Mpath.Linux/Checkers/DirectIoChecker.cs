using System.Runtime.InteropServices;
using Mpath.Core.Model;
using Mpath.Linux.Native;

namespace Mpath.Linux.Checkers;

/// <summary>
/// directio checker: an O_DIRECT read of the first 4 KiB (aligned buffer) through the block layer.
/// The read cannot be bounded from here; <see cref="CheckerRunner"/> turns a hang into a timeout.
/// </summary>
public sealed class DirectIoChecker : IPathChecker
{
    private const int Length = 4096;

    public string Name => "directio";

    public unsafe CheckerResult Check(string devicePath, TimeSpan timeout)
    {
        var fd = LibC.Open(devicePath, LibC.ReadOnly | LibC.Direct | LibC.CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return new CheckerResult(CheckerState.Down, $"directio checker cannot open {devicePath}: {LibC.ErrorText(errno)}");
        }
        var buffer = NativeMemory.AlignedAlloc(Length, Length);
        try
        {
            var read = LibC.PRead(fd, buffer, Length, 0);
            if (read < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return new CheckerResult(CheckerState.Down, $"directio checker reports path is down: {LibC.ErrorText(errno)} (errno {errno})");
            }
            return new CheckerResult(CheckerState.Up, "directio checker reports path is up");
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
            _ = LibC.Close(fd);
        }
    }
}
