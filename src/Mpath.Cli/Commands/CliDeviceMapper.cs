using Mpath.Linux.DeviceMapper;

namespace Mpath.Cli.Commands;

/// <summary>The device-mapper as the command line tools use it: waiting for udev as multipath does, but never for ever.</summary>
internal static class CliDeviceMapper
{
    /// <summary>How long one create, reload or remove waits for udev before the tool warns and goes on without it.</summary>
    public static readonly TimeSpan UdevWaitLimit = TimeSpan.FromSeconds(30);

    public static LibDeviceMapper Open() => new(UdevWaitLimit, message => Console.Error.WriteLine($"mpath: warning: {message}"));
}
