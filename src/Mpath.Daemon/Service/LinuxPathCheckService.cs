using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Discovery;
using Mpath.Linux.Scsi;

namespace Mpath.Daemon.Service;

/// <summary>Real path checks: the configured checker on the device node, on the bounded checker threads.</summary>
public sealed class LinuxPathCheckService(IScsiTransport transport, int workers, Func<string, string?>? readDeviceState = null)
    : IPathCheckService, IDisposable
{
    private readonly Func<string, string?> _readDeviceState = readDeviceState ?? ReadSysfsDeviceState;

    /// <summary>
    /// Checker names mpath answers with tur: cciss_tur served the cciss driver, which left the kernel in 4.14 (hpsa
    /// disks answer TEST UNIT READY as sd devices), and none is kept as the tur default it always was here.
    /// </summary>
    public static IReadOnlyList<string> TurAliases { get; } = ["cciss_tur", "none"];

    private readonly CheckerRunner _runner = new(workers);
    private readonly Dictionary<string, IPathChecker> _checkers = new(StringComparer.Ordinal);
    /// <summary>The WWID each device node last had, to tell stateful checkers when a node names another path.</summary>
    private readonly Dictionary<string, string> _wwidByDev = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<CheckerResult> CheckAsync(PathInfo path, string checkerName, TimeSpan timeout)
    {
        var node = "/dev/" + path.Dev;
        IPathChecker? checker;
        lock (_lock)
        {
            if (_wwidByDev.TryGetValue(path.Dev, out var wwid) && wwid != path.Wwid) ForgetLocked(path.Dev);
            _wwidByDev[path.Dev] = path.Wwid;
            checker = CheckerFor(checkerName);
        }
        // Config validation only lets known path_checker names through; an unknown one changes nothing (unchecked).
        return checker is null
            ? Task.FromResult(new CheckerResult(CheckerState.Unchecked, $"unknown path checker '{checkerName}'"))
            : _runner.CheckAsync(new DeviceStateFirst(checker, path.Dev, _readDeviceState), node, timeout);
    }

    /// <summary>
    /// The SCSI device state comes first, as multipathd does: an offline device's TEST UNIT READY can come back with no
    /// error at all (the block layer refuses it before it reaches the device), which a checker would call up. Read on
    /// the checker thread with the check, so a pass over many paths does not read sysfs one path after another.
    /// </summary>
    private sealed class DeviceStateFirst(IPathChecker checker, string dev, Func<string, string?> readDeviceState) : IPathChecker
    {
        public string Name => checker.Name;

        public CheckerResult Check(string devicePath, TimeSpan timeout) =>
            DeviceStateVerdict(readDeviceState(dev)) ?? checker.Check(devicePath, timeout);
    }

    /// <summary>Down for an offline device, pending while it is blocked; null when the checker must decide.</summary>
    public static CheckerResult? DeviceStateVerdict(string? sysfsState) => sysfsState switch
    {
        "offline" or "transport-offline" => new CheckerResult(CheckerState.Down, $"device is {sysfsState}"),
        "blocked" or "created-blocked" or "quiesce" => new CheckerResult(CheckerState.Pending, $"device is {sysfsState}"),
        _ => null,
    };

    private static string? ReadSysfsDeviceState(string dev) => HostFileSystem.ReadAttribute($"/sys/block/{dev}/device/state")?.Trim();

    public void Forget(string dev)
    {
        lock (_lock) ForgetLocked(dev);
    }

    private void ForgetLocked(string dev)
    {
        var node = "/dev/" + dev;
        foreach (var stateful in _checkers.Values.OfType<IPathContextChecker>()) stateful.Forget(node);
        transport.Forget(node);
        _wwidByDev.Remove(dev);
    }

    private IPathChecker? CheckerFor(string checkerName)
    {
        if (!_checkers.TryGetValue(checkerName, out var checker))
        {
            checker = PathCheckers.Create(TurAliases.Contains(checkerName) ? "tur" : checkerName, transport);
            if (checker is not null)
            {
                _checkers[checkerName] = checker;
            }
        }
        return checker;
    }

    public void Dispose() => _runner.Dispose();
}
