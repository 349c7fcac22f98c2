using Mpath.Core.Model;
using Mpath.Core.Planning;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;
using Mpath.Linux.Topology;

namespace Mpath.Cli.Commands;

/// <summary>
/// What <c>mpath is-path</c> and <c>mpath wwids</c> need from the host: the paths discovery finds and the WWIDs of
/// the multipath maps that exist (dm uuid mpath-WWID).
/// </summary>
internal sealed class LocalPathFacts(IPathDiscovery discovery, IDeviceMapper dm)
{
    private IReadOnlyList<PathInfo>? _paths;

    public IReadOnlyList<PathInfo> Paths => _paths ??= discovery.Discover().Paths.Select(p => p.Path).ToList();

    public PathInfo? Path(string dev) => Paths.FirstOrDefault(p => p.Dev == dev);

    /// <summary>map name → WWID for every multipath map.</summary>
    public IReadOnlyDictionary<string, string> MapWwids()
    {
        var maps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var device in dm.List().Where(d => d.TargetType == MapTopologyReader.MultipathTarget))
        {
            var uuid = dm.GetInfo(device.Name)?.Uuid ?? "";
            if (MapNamespace.Default.WwidOf(uuid) is { } wwid) maps[device.Name] = wwid;
        }
        return maps;
    }
}
