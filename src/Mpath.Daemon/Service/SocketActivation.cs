using System.Globalization;
using System.Net.Sockets;

namespace Mpath.Daemon.Service;

/// <summary>
/// systemd socket activation (sd_listen_fds' protocol): when LISTEN_PID is this process and LISTEN_FDS is at least 1,
/// descriptor 3 is the control socket systemd already bound and listens on (contrib/systemd/mpathd.socket).
/// </summary>
public static class SocketActivation
{
    private const int FirstPassedDescriptor = 3;

    /// <summary>The descriptor systemd passed for the control socket, or null when not socket-activated.</summary>
    public static int? PassedDescriptor(Func<string, string?> environment, int processId)
    {
        if (environment("LISTEN_PID") != processId.ToString(CultureInfo.InvariantCulture)) return null;
        if (!int.TryParse(environment("LISTEN_FDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1) return null;
        return FirstPassedDescriptor;
    }

    /// <summary>Takes ownership of the passed listening socket.</summary>
    public static Socket Adopt(int descriptor) => new(new SafeSocketHandle(descriptor, ownsHandle: true));
}
