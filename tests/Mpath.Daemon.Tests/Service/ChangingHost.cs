using Mpath.Core.Model;
using Mpath.Linux.Checkers;
using Mpath.Linux.Discovery;

namespace Mpath.Daemon.Tests.Service;

/// <summary>A host whose devices the test adds, removes and changes; every probe reads the current state.</summary>
internal sealed class ChangingHost : IPathDiscovery
{
    public Dictionary<string, PathInfo> Devices { get; } = new(StringComparer.Ordinal);
    public int Probes { get; private set; }
    public int Refreshes { get; private set; }

    public DiscoveryResult Discover() => new(Devices.Values.OrderBy(p => p.Dev.Length).ThenBy(p => p.Dev, StringComparer.Ordinal).Select(Found).ToList(), []);

    public DiscoveredPath? Probe(string dev)
    {
        Probes++;
        return Devices.TryGetValue(dev, out var path) ? Found(path) : null;
    }

    /// <summary>The light re-read of a known path; here it reads the same current state as a probe, but is counted apart.</summary>
    public DiscoveredPath? Refresh(DiscoveredPath known)
    {
        Refreshes++;
        return Devices.TryGetValue(known.Path.Dev, out var path) ? Found(path) : null;
    }

    /// <summary>LUN <paramref name="lun"/> seen through SCSI host <paramref name="host"/>: sda, sdb, ... (8 hosts per LUN), WWID 36001405000LLL.</summary>
    public static PathInfo Path(int lun, int host, AluaAccessState state = AluaAccessState.ActiveOptimized)
    {
        var index = lun * 8 + host;
        var dev = "sd" + (index < 26 ? $"{(char)('a' + index)}" : $"{(char)('a' + index / 26 - 1)}{(char)('a' + index % 26)}");
        return new PathInfo(dev, $"8:{index * 16}", $"{host}:0:0:{lun}", "ACME", "ARRAY", "1", WwidOf(lun), SizeSectors: 2048,
            Alua: new AluaInfo(host % 2 + 1, state, false));
    }

    public static string WwidOf(int lun) => $"36001405000{lun:d3}";

    public void Connect(PathInfo path) => Devices[path.Dev] = path;

    private static DiscoveredPath Found(PathInfo path) => new(path, "running", WwidSource.Udev);
}

/// <summary>Every path checks up.</summary>
internal sealed class UpChecks : Mpath.Daemon.Service.IPathCheckService
{
    public Task<CheckerResult> CheckAsync(PathInfo path, string checkerName, TimeSpan timeout) => Task.FromResult(new CheckerResult(CheckerState.Up, "up"));

    public List<string> Forgotten { get; } = [];

    public void Forget(string dev) => Forgotten.Add(dev);
}
