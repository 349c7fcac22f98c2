using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Mpath.Linux.Uevents;

namespace Mpath.Linux.Tests.Uevents;

public sealed partial class NetlinkUeventListenerTests
{
    private sealed class CollectingSink : IUeventSink
    {
        public BlockingCollection<string> Seen { get; } = [];
        public void OnUevent(Uevent uevent) => Seen.Add($"{uevent.Action} {uevent.KernelName} {uevent.Origin}");
        public void OnMalformed(string reason) => Seen.Add("malformed " + reason);
        public void OnOverflow() => Seen.Add("overflow");
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    private static partial nint SendTo(int fd, byte[] buffer, nuint length, int flags, byte[] address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>Multicasts a datagram to udev's group the way udevd does (needs CAP_NET_ADMIN); false when not allowed here.</summary>
    private static bool SendToUdevGroup(byte[] datagram)
    {
        var fd = Socket(16, 3, 15);
        if (fd < 0) return false;
        try
        {
            var address = new byte[12];
            address[0] = 16;
            address[8] = 2;
            return SendTo(fd, datagram, (nuint)datagram.Length, 0, address, 12) == datagram.Length;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [Fact]
    public async Task Datagrams_on_the_udev_group_reach_the_sink_parsed_or_as_malformed()
    {
        // Any user may listen; only root (CAP_NET_ADMIN) may multicast like udevd, so without it opening is all we can prove.
        using var listener = NetlinkUeventListener.Open(UeventOrigin.Udev);
        if (Environment.UserName != "root") return;
        var sink = new CollectingSink();
        using var stop = new CancellationTokenSource();
        var run = listener.RunAsync(sink, stop.Token);
        Assert.True(SendToUdevGroup(UeventWire.UdevAddSdc()));
        Assert.True(SendToUdevGroup([1, 2, 3]));
        // Other senders (a real udevd) may share the group: look for ours among whatever arrives.
        var seen = new List<string>();
        while (seen.Count(s => s is "Add sdc Udev" || s.StartsWith("malformed", StringComparison.Ordinal)) < 2
            && sink.Seen.TryTake(out var next, TimeSpan.FromSeconds(10)))
        {
            seen.Add(next);
        }
        Assert.Contains("Add sdc Udev", seen);
        Assert.Contains(seen, s => s.StartsWith("malformed kernel message does not start with ACTION@DEVPATH", StringComparison.Ordinal));
        await stop.CancelAsync();
        await run;
    }
}
