using Mpath.Core.Model;
using Mpath.Core.Planning;
using Mpath.Core.Topology.DeviceMapper;
using Mpath.Linux.Checkers;
using Mpath.Linux.DeviceMapper;
using Mpath.Linux.Discovery;

namespace Mpath.Linux.Topology;

/// <summary>
/// Reads the multipath maps that exist (dm table + status) and joins them with sysfs facts about
/// their paths, for <c>mpath list</c>. Path checking is delegated to <paramref name="check"/>
/// (device node -> result), or skipped when it is null.
/// </summary>
public sealed class MapTopologyReader(IDeviceMapper deviceMapper, HostFileSystem host, Func<string, CheckerResult>? check)
{
    public const string MultipathTarget = "multipath";

    /// <summary>All maps with a multipath target, by name.</summary>
    public IReadOnlyList<MapTopology> ReadAll() =>
        deviceMapper.List().Where(d => d.TargetType == MultipathTarget).Select(d => Read(d.Name)).ToList();

    public MapTopology Read(string name)
    {
        var info = deviceMapper.GetInfo(name) ?? throw new DeviceMapperException(name, "list", 6, "no such map");
        var table = deviceMapper.GetTable(name);
        var status = deviceMapper.GetStatus(name);
        if (table.Count != 1 || table[0].TargetType != MultipathTarget || status.Count != 1)
        {
            throw new DeviceMapperException(name, "list", 0, $"not a single-target multipath map ({table.Count} targets)");
        }
        var tableResult = DmTable.Parse(table[0].Parameters);
        var statusResult = DmStatus.Parse(status[0].Parameters);
        if (tableResult.Value is not { } parsedTable || statusResult.Value is not { } parsedStatus)
        {
            throw new DeviceMapperException(name, "list", 0, $"unreadable multipath table or status: {tableResult.Error ?? statusResult.Error}");
        }
        var groups = new List<MapGroup>();
        string vendor = "", product = "";
        for (var g = 0; g < parsedTable.Groups.Count; g++)
        {
            var tableGroup = parsedTable.Groups[g];
            var statusGroup = g < parsedStatus.Groups.Count ? parsedStatus.Groups[g] : null;
            var paths = new List<MapPath>();
            foreach (var tablePath in tableGroup.Paths)
            {
                var statusPath = statusGroup?.Paths.FirstOrDefault(p => p.Device == tablePath.Device);
                var dev = BlockDeviceName(tablePath.Device);
                var device = dev is null ? null : host.Sys($"block/{dev}/device");
                if (device is not null && vendor.Length == 0)
                {
                    vendor = Attribute(device, "vendor");
                    product = Attribute(device, "model");
                }
                var checker = dev is not null && check is not null ? check(host.DevNode(dev)) : null;
                paths.Add(new MapPath(
                    dev ?? "#",
                    tablePath.Device,
                    device is null ? "#:#:#:#" : Path.GetFileName(HostFileSystem.Resolve(device)),
                    statusPath?.State ?? DmPathState.Undefined,
                    statusPath?.FailCount ?? 0,
                    checker,
                    device is null ? "undef" : Attribute(device, "state") is { Length: > 0 } s ? s : "undef",
                    device is null ? 0 : AluaPriority(device)));
            }
            groups.Add(new MapGroup(g + 1, $"{tableGroup.Selector} {DmWordList.Format(tableGroup.SelectorArguments)}", GroupPriority(paths), statusGroup?.State ?? DmGroupState.Enabled, paths));
        }
        var sysfsName = BlockDeviceName(info.DevT) ?? "";
        var wwid = MapNamespace.WwidOfAnyInstance(info.Uuid);
        return new MapTopology(name, info.Uuid, wwid, sysfsName, info.DevT, vendor, product, table[0].Length,
            DmWordList.Format(parsedTable.Features), DmWordList.Format(parsedTable.HardwareHandler),
            info.ReadOnly || HostFileSystem.ReadAttribute(host.Sys($"block/{sysfsName}/ro"))?.Trim() == "1",
            parsedStatus.QueueingIo ?? false, groups);
    }

    /// <summary>sda for 8:0, dm-3 for 254:3, via /sys/dev/block.</summary>
    private string? BlockDeviceName(string devT)
    {
        var link = host.Sys("dev/block/" + devT);
        return Directory.Exists(link) ? Path.GetFileName(HostFileSystem.Resolve(link)) : null;
    }

    private static string Attribute(string device, string name) =>
        (HostFileSystem.ReadAttribute(Path.Combine(device, name)) ?? "").Trim();

    /// <summary>
    /// The alua prioritizer's values (AO 50, ANO 10, standby 1, else 0) from the kernel's access_state;
    /// 1 (the const prioritizer) when the path has no ALUA state. An approximation until the daemon
    /// keeps real prioritizer results.
    /// </summary>
    private static int AluaPriority(string device)
    {
        var text = HostFileSystem.ReadAttribute(Path.Combine(device, "access_state"));
        if (text is null)
        {
            return 1;
        }
        return SysfsPathDiscovery.ParseAccessState(text) switch
        {
            AluaAccessState.ActiveOptimized => 50,
            AluaAccessState.ActiveNonOptimized => 10,
            AluaAccessState.Standby => 1,
            _ => 0,
        };
    }

    /// <summary>Average priority of the group's usable paths (all paths when none was checked), like multipathd.</summary>
    private static int GroupPriority(List<MapPath> paths)
    {
        var usable = paths.Where(p => p.Checker is null || p.Checker.State.IsUsable()).ToList();
        return usable.Count == 0 ? 0 : usable.Sum(p => p.Priority) / usable.Count;
    }
}
