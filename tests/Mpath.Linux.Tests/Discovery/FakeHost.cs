using Mpath.Linux.Discovery;

namespace Mpath.Linux.Tests.Discovery;

/// <summary>A fake /sys, /run/udev/data and /dev tree in a temporary directory.</summary>
public sealed class FakeHost : IDisposable
{
    public FakeHost()
    {
        Root = Directory.CreateTempSubdirectory("mpath-fakehost-").FullName;
        Host = new HostFileSystem(Root);
        Directory.CreateDirectory(Path.Combine(Root, "sys/block"));
    }

    public string Root { get; }
    public HostFileSystem Host { get; }

    /// <summary>Adds a SCSI disk: /sys/block/DEV with a device link into a host/target/H:B:T:L directory under <paramref name="transportPath"/>.</summary>
    public string AddScsiDisk(string dev, string devT, string hbtl, string vendor = "LIO-ORG", string model = "RAMDISK-MCP", string rev = "4.0",
        long size = 32768, string state = "running", string transportPath = "platform")
    {
        var h = hbtl.Split(':');
        var device = Write($"sys/devices/{transportPath}/host{h[0]}/target{h[0]}:{h[1]}:{h[2]}/{hbtl}", "vendor", vendor.PadRight(8) + "\n");
        Write(device, "model", model.PadRight(16) + "\n");
        Write(device, "rev", rev + "\n");
        Write(device, "state", state + "\n");
        var block = Path.Combine(Root, "sys/block", dev);
        Directory.CreateDirectory(block);
        Write(block, "dev", devT + "\n");
        Write(block, "size", size + "\n");
        Directory.CreateSymbolicLink(Path.Combine(block, "device"), device);
        Directory.CreateDirectory(Path.Combine(Root, "sys/dev/block"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "sys/dev/block", devT), block);
        return device;
    }

    public void AddUdevProperties(string devT, params string[] properties)
    {
        Directory.CreateDirectory(Path.Combine(Root, "run/udev/data"));
        File.WriteAllLines(Path.Combine(Root, "run/udev/data", "b" + devT),
            ["S:disk/by-id/x", "I:123", .. properties.Select(p => "E:" + p), "G:systemd"]);
    }

    public string Write(string relativeDir, string name, string content)
    {
        var dir = Path.IsPathRooted(relativeDir) ? relativeDir : Path.Combine(Root, relativeDir);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name), content);
        return dir;
    }

    public void WriteBytes(string dir, string name, byte[] content) => File.WriteAllBytes(Path.Combine(dir, name), content);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
