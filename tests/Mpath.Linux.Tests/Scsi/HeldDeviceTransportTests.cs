using Mpath.Linux.Scsi;

namespace Mpath.Linux.Tests.Scsi;

public class HeldDeviceTransportTests
{
    private static readonly ScsiCommand Tur = new(ScsiCdb.TestUnitReady(), ScsiDataDirection.None, 0, TimeSpan.FromSeconds(1));
    private static readonly ScsiResult Good = new(0, 0, 0, [], []);
    private static readonly ScsiResult NoConnect = new(0, 0x01, 0, [], []);

    /// <summary>File descriptors handed out by a fake open; what was closed; an answer per descriptor.</summary>
    private sealed class FakeSystem
    {
        private int _next = 10;
        public List<(string Path, int Fd)> Opened { get; } = [];
        public List<int> Closed { get; } = [];
        public Func<int, ScsiResult> Answer { get; set; } = _ => Good;
        public Action<int>? During { get; set; }

        public HeldDeviceTransport Transport() => new(
            path =>
            {
                var fd = _next++;
                Opened.Add((path, fd));
                return fd;
            },
            fd => Closed.Add(fd),
            (fd, _, _) =>
            {
                During?.Invoke(fd);
                return Answer(fd);
            });
    }

    [Fact]
    public void A_device_is_opened_once_for_many_commands()
    {
        var sys = new FakeSystem();
        using var transport = sys.Transport();
        for (var i = 0; i < 5; i++) Assert.Equal(Good, transport.Execute("/dev/sda", Tur));
        transport.Execute("/dev/sdb", Tur);
        Assert.Equal(["/dev/sda", "/dev/sdb"], sys.Opened.Select(o => o.Path));
        Assert.Empty(sys.Closed);
        Assert.Equal(2, transport.HeldCount);
    }

    [Fact]
    public void A_no_connect_on_a_held_descriptor_is_asked_again_on_a_fresh_one()
    {
        // sda was removed and a new disk took the name: the held descriptor names the dead one.
        var sys = new FakeSystem();
        using var transport = sys.Transport();
        transport.Execute("/dev/sda", Tur);
        var stale = sys.Opened[0].Fd;
        sys.Answer = fd => fd == stale ? NoConnect : Good;

        Assert.Equal(Good, transport.Execute("/dev/sda", Tur));
        Assert.Equal([stale], sys.Closed);
        Assert.Equal(2, sys.Opened.Count);
        // and the fresh descriptor is the one kept
        Assert.Equal(Good, transport.Execute("/dev/sda", Tur));
        Assert.Equal(2, sys.Opened.Count);
    }

    [Fact]
    public void A_failure_on_a_fresh_descriptor_is_the_answer()
    {
        var sys = new FakeSystem { Answer = _ => NoConnect };
        using var transport = sys.Transport();
        Assert.Equal(NoConnect, transport.Execute("/dev/sda", Tur));
        Assert.Single(sys.Opened);
        // held, then asked once more on a new descriptor, which says the same: that is the answer
        Assert.Equal(NoConnect, transport.Execute("/dev/sda", Tur));
        Assert.Equal(2, sys.Opened.Count);
    }

    [Fact]
    public void An_ioctl_error_on_a_held_descriptor_is_retried_once_and_then_thrown()
    {
        var sys = new FakeSystem();
        using var transport = sys.Transport();
        transport.Execute("/dev/sda", Tur);
        sys.Answer = _ => throw new ScsiTransportException("/dev/sda", "SG_IO", 19);
        Assert.Throws<ScsiTransportException>(() => transport.Execute("/dev/sda", Tur));
        Assert.Equal(2, sys.Opened.Count);
        Assert.Equal(sys.Opened[0].Fd, Assert.Single(sys.Closed));
    }

    [Fact]
    public void An_open_failure_holds_nothing()
    {
        using var transport = new HeldDeviceTransport(_ => throw new ScsiTransportException("/dev/sdz", "open", 2), _ => { }, (_, _, _) => Good);
        Assert.Throws<ScsiTransportException>(() => transport.Execute("/dev/sdz", Tur));
        Assert.Equal(0, transport.HeldCount);
    }

    [Fact]
    public void Forget_closes_at_once_when_idle_and_after_the_command_when_busy()
    {
        var sys = new FakeSystem();
        using var transport = sys.Transport();
        transport.Execute("/dev/sda", Tur);
        ((IScsiTransport)transport).Forget("/dev/sda");
        Assert.Equal([sys.Opened[0].Fd], sys.Closed);

        // a command in flight keeps its descriptor until it returns
        HeldDeviceTransport self = transport;
        sys.During = fd =>
        {
            self.Forget("/dev/sda");
            Assert.DoesNotContain(fd, sys.Closed);
        };
        transport.Execute("/dev/sda", Tur);
        Assert.Equal(sys.Opened[1].Fd, sys.Closed[1]);
        Assert.Equal(0, transport.HeldCount);
    }

    [Fact]
    public void Dispose_closes_every_descriptor()
    {
        var sys = new FakeSystem();
        var transport = sys.Transport();
        transport.Execute("/dev/sda", Tur);
        transport.Execute("/dev/sdb", Tur);
        transport.Dispose();
        Assert.Equal(sys.Opened.Select(o => o.Fd).Order(), sys.Closed.Order());
        Assert.Throws<ObjectDisposedException>(() => transport.Execute("/dev/sda", Tur));
    }

    [Fact]
    public void The_real_transport_reports_a_missing_node_as_a_transport_error()
    {
        using var transport = new HeldDeviceTransport();
        var e = Assert.Throws<ScsiTransportException>(() => transport.Execute("/nonexistent/sdq", Tur));
        Assert.Equal(2, e.Errno);
        Assert.Equal(0, transport.HeldCount);
    }
}
