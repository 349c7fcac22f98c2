using System.CommandLine;
using Mpath.Daemon.Control;

namespace Mpath.Cli.Commands;

/// <summary>
/// How the command line names the control socket: <c>@NAME</c> for an abstract socket (the kernel's leading NUL),
/// anything else a filesystem path. The daemon and every client share the option and its default.
/// </summary>
internal static class ControlSocketAddress
{
    public const string DefaultDisplayName = "@/org/kernel/linux/storage/multipathd";

    public static Option<string?> Option(string purpose) => new("--socket")
    {
        Description = $"{purpose}: @NAME for an abstract socket, else a path (default {DefaultDisplayName}).",
        HelpName = "@NAME|PATH",
    };

    /// <summary>The endpoint name for <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/>.</summary>
    public static string ToEndpoint(string? written) =>
        written is null ? ControlSocketServer.DefaultAbstractName
        : written.StartsWith('@') ? "\0" + written[1..]
        : written;

    /// <summary>The name as an operator writes it, for messages.</summary>
    public static string Display(string endpoint) => endpoint.StartsWith('\0') ? "@" + endpoint[1..] : endpoint;
}
