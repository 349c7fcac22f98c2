using Mpath.Core.Model;
using Mpath.Daemon.State;

namespace Mpath.Daemon.Show;

/// <summary>The multipath (map) format wildcards of multipathd 0.14 (<c>show maps format</c>).</summary>
public static class MapWildcards
{
    public static WildcardTable<MapSnapshot> Table { get; } = new(
    [
        new('n', "name", m => m.Name.Length > 0 ? m.Name : m.Wwid),
        new('w', "uuid", m => m.Wwid),
        new('d', "sysfs", m => m.SysfsName ?? "undef"),
        new('F', "failback", FailbackText),
        new('Q', "queueing", QueueingText),
        new('N', "paths", m => FieldValueText.Number(m.ActivePathCount)),
        new('r', "write_prot", m => m.SysfsName is null ? "undef" : m.ReadOnly ? "ro" : "rw"),
        new('t', "dm-st", m => m.SysfsName is null ? "undef" : m.Suspended ? "suspend" : "active"),
        new('S', "size", m => FieldValueText.Size(m.SizeSectors)),
        new('f', "features", m => m.Features),
        new('x', "failures", m => FieldValueText.Number(m.MapFailures)),
        new('h', "hwhandler", m => m.HardwareHandler),
        new('A', "action", ActionText),
        new('0', "path_faults", m => FieldValueText.Number(m.PathFaults)),
        new('1', "switch_grp", m => FieldValueText.Number(m.SwitchGroups)),
        new('2', "map_loads", m => FieldValueText.Number(m.MapLoads)),
        new('3', "total_q_time", m => FieldValueText.Number(m.TotalQueueingTime)),
        new('4', "q_timeouts", m => FieldValueText.Number(m.QueueingTimeouts)),
        new('s', "vend/prod", VendorProduct),
        new('v', "vend", m => m.Vendor ?? "##"),
        new('p', "prod", m => m.Product ?? "##"),
        new('e', "rev", m => m.Revision ?? "##"),
        new('G', "foreign", _ => "--"),
        new('g', "vpd page data", m => m.Paths.Select(p => p.VpdData).FirstOrDefault(v => v is not null) ?? "[undef]"),
        new('k', "max_sectors_kb", m => m.MaxSectorsKb is { } kb ? FieldValueText.Number(kb) : "n/a"),
    ]);

    /// <summary>The action word; empty for actions multipathd has no word for (nothing, resize, ...).</summary>
    public static string ActionText(MapSnapshot map) => map.Action switch
    {
        MapAction.Reject => "reject",
        MapAction.Rename => "rename",
        MapAction.Reload => "reload",
        MapAction.Create => "create",
        MapAction.SwitchGroup => "switchpg",
        _ => "",
    };

    private static string FailbackText(MapSnapshot map)
    {
        if (map.Failback is not { } failback) return "undef";
        return failback.Mode switch
        {
            FailbackMode.Immediate => "immediate",
            FailbackMode.Followover => "followover",
            FailbackMode.Manual => "manual",
            _ => map.FailbackTicksLeft == 0
                ? "deferred:" + FieldValueText.Number(failback.DeferSeconds)
                : FieldValueText.Progress(map.FailbackTicksLeft, failback.DeferSeconds),
        };
    }

    private static string QueueingText(MapSnapshot map)
    {
        if (map.NoPathRetry is not { } retry) return "-";
        return retry.Mode switch
        {
            NoPathRetryMode.Fail => "off",
            NoPathRetryMode.Queue => "on",
            _ when map.RetryTicksLeft > 0 => FieldValueText.Number(map.RetryTicksLeft) + " sec",
            // Counting checks while paths remain; once the retries ran out with no path, queueing is off.
            _ when map.ActivePathCount > 0 => FieldValueText.Number(retry.Retries) + " chk",
            _ => "off",
        };
    }

    private static string VendorProduct(MapSnapshot map)
    {
        var path = map.Paths.FirstOrDefault(p => p.Info.Vendor.Length > 0 && p.Info.Product.Length > 0);
        return path is null ? "##,##" : path.Info.Vendor + "," + path.Info.Product;
    }
}
