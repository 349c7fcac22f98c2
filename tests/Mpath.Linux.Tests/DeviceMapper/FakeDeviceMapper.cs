using Mpath.Linux.DeviceMapper;

namespace Mpath.Linux.Tests.DeviceMapper;

/// <summary>An in-memory <see cref="IDeviceMapper"/> that records what was asked of it.</summary>
public sealed class FakeDeviceMapper : IDeviceMapper
{
    public sealed class Map
    {
        public required DmMapSpec Spec { get; set; }
        public string Status { get; set; } = "";
        public int OpenCount { get; set; }
        public bool Suspended { get; set; }
        public int Minor { get; init; }
        public uint EventNumber { get; set; }
    }

    public Dictionary<string, Map> Maps { get; } = new(StringComparer.Ordinal);
    public List<string> Calls { get; } = [];

    public void Add(string name, string uuid, long sectors, string table, string status, int openCount = 0, string type = "multipath") =>
        Maps[name] = new Map { Spec = new DmMapSpec(name, uuid, sectors, table, type), Status = status, OpenCount = openCount, Minor = Maps.Count };

    public IReadOnlyList<DmDevice> List() =>
        Maps.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new DmDevice(m.Key, 254, m.Value.Minor, m.Value.Spec.TargetType)).ToList();

    public DmInfo? GetInfo(string name) => Maps.TryGetValue(name, out var m)
        ? new DmInfo(name, m.Spec.Uuid, 254, m.Minor, m.OpenCount, m.EventNumber, m.Suspended, true, false, false, 1, false)
        : null;

    /// <summary>How many of the next <see cref="ListEventNumbers"/> calls fail (EIO), as a busy control device might.</summary>
    public int ListFailures { get; set; }

    public IReadOnlyDictionary<string, uint> ListEventNumbers()
    {
        lock (Maps)
        {
            if (ListFailures > 0)
            {
                ListFailures--;
                throw new DeviceMapperException("device-mapper", "list devices", 5, "");
            }
            return Maps.ToDictionary(m => m.Key, m => m.Value.EventNumber, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<DmTarget> GetTable(string name) => [new DmTarget(0, Get(name, "table").Spec.Sectors, Maps[name].Spec.TargetType, Maps[name].Spec.Parameters)];

    public IReadOnlyList<DmTarget> GetStatus(string name) => [new DmTarget(0, Get(name, "status").Spec.Sectors, Maps[name].Spec.TargetType, Maps[name].Status)];

    public void Create(DmMapSpec spec)
    {
        Calls.Add($"create {spec.Name}");
        if (Maps.ContainsKey(spec.Name))
        {
            throw new DeviceMapperException(spec.Name, "create", 17, "a map with this name exists");
        }
        Maps[spec.Name] = new Map { Spec = spec, Minor = Maps.Count };
    }

    public void Reload(DmMapSpec spec)
    {
        Calls.Add($"reload {spec.Name}");
        Get(spec.Name, "reload").Spec = spec with { Uuid = Maps[spec.Name].Spec.Uuid };
    }

    public void Suspend(string name, bool flush)
    {
        Calls.Add($"suspend {name} flush={flush}");
        Get(name, "suspend").Suspended = true;
    }

    public void Resume(string name)
    {
        Calls.Add($"resume {name}");
        Get(name, "resume").Suspended = false;
    }

    public void Remove(string name, DmRemoveMode mode = DmRemoveMode.RefuseIfOpen)
    {
        Calls.Add($"remove {name} {mode}");
        var map = Get(name, "remove");
        if (map.OpenCount > 0)
        {
            throw new DmMapInUseException(name, map.OpenCount);
        }
        Maps.Remove(name);
    }

    public string Message(string name, string message)
    {
        Calls.Add($"message {name} {message}");
        Get(name, $"message '{message}'");
        return "";
    }

    public uint WaitForEvent(string name, uint eventNumber) => eventNumber + 1;

    private Map Get(string name, string operation) =>
        Maps.TryGetValue(name, out var map) ? map : throw new DeviceMapperException(name, operation, 6, "");
}
