using System.Buffers.Binary;
using System.Text;
using Mpath.Core.Topology.DeviceMapper;

namespace Mpath.Linux.Uevents;

/// <summary>
/// Parses one datagram of the NETLINK_KOBJECT_UEVENT socket. Two formats arrive there:
/// <list type="bullet">
/// <item>the kernel's: <c>ACTION@DEVPATH</c>, NUL, then <c>KEY=VALUE</c> strings each ending in NUL;</item>
/// <item>udev's (libudev monitor format): a 40-byte header — the 8 bytes "libudev\0", the magic 0xfeedcafe in network
/// byte order, then header size, properties offset and properties length in host order, then filter hashes — followed
/// by the same NUL-separated <c>KEY=VALUE</c> properties at the given offset.</item>
/// </list>
/// Anything else is rejected with a reason, never an exception: the socket is reachable by other senders and a
/// truncated datagram must not take the daemon down.
/// </summary>
public static class UeventParser
{
    private static ReadOnlySpan<byte> UdevPrefix => "libudev\0"u8;
    private const uint UdevMagic = 0xfeedcafe;
    private const int UdevHeaderSize = 40;
    /// <summary>More properties than any real device has; bounds the work one hostile datagram can cause.</summary>
    private const int MaxProperties = 512;

    public static ParseResult<Uevent> Parse(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty) return ParseResult.Fail<Uevent>("empty datagram");
        return datagram.StartsWith(UdevPrefix) ? ParseUdev(datagram) : ParseKernel(datagram);
    }

    private static ParseResult<Uevent> ParseUdev(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < UdevHeaderSize) return ParseResult.Fail<Uevent>($"udev message of {datagram.Length} bytes is shorter than its header");
        var magic = BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]);
        if (magic != UdevMagic) return ParseResult.Fail<Uevent>($"udev message with magic 0x{magic:x8} (expected 0x{UdevMagic:x8})");
        var headerSize = HostOrder(datagram[12..]);
        var offset = HostOrder(datagram[16..]);
        var length = HostOrder(datagram[20..]);
        if (headerSize < UdevHeaderSize || offset < UdevHeaderSize || offset > (uint)datagram.Length || length > (uint)datagram.Length - offset)
        {
            return ParseResult.Fail<Uevent>($"udev message header out of bounds (header {headerSize}, properties {offset}+{length} of {datagram.Length} bytes)");
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ReadProperties(datagram.Slice((int)offset, (int)length), properties) is { } error) return ParseResult.Fail<Uevent>(error);
        return Build(properties, UeventOrigin.Udev, headerDevPath: null);
    }

    private static ParseResult<Uevent> ParseKernel(ReadOnlySpan<byte> datagram)
    {
        var end = datagram.IndexOf((byte)0);
        var head = Encoding.UTF8.GetString(end < 0 ? datagram : datagram[..end]);
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == head.Length - 1) return ParseResult.Fail<Uevent>($"kernel message does not start with ACTION@DEVPATH: '{Shorten(head)}'");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (end >= 0 && ReadProperties(datagram[(end + 1)..], properties) is { } error) return ParseResult.Fail<Uevent>(error);
        properties.TryAdd("ACTION", head[..at]);
        return Build(properties, UeventOrigin.Kernel, head[(at + 1)..]);
    }

    private static string? ReadProperties(ReadOnlySpan<byte> buffer, Dictionary<string, string> into)
    {
        while (!buffer.IsEmpty)
        {
            var end = buffer.IndexOf((byte)0);
            var entry = end < 0 ? buffer : buffer[..end];
            buffer = end < 0 ? [] : buffer[(end + 1)..];
            if (entry.IsEmpty) continue;
            var eq = entry.IndexOf((byte)'=');
            if (eq <= 0) return $"property without KEY=: '{Shorten(Encoding.UTF8.GetString(entry))}'";
            if (into.Count >= MaxProperties) return $"more than {MaxProperties} properties";
            into[Encoding.UTF8.GetString(entry[..eq])] = Encoding.UTF8.GetString(entry[(eq + 1)..]);
        }
        return null;
    }

    private static ParseResult<Uevent> Build(Dictionary<string, string> properties, UeventOrigin origin, string? headerDevPath)
    {
        if (!properties.TryGetValue("ACTION", out var action) || action.Length == 0) return ParseResult.Fail<Uevent>("no ACTION");
        var devPath = properties.GetValueOrDefault("DEVPATH") ?? headerDevPath;
        if (string.IsNullOrEmpty(devPath) || !devPath.StartsWith('/') || devPath.EndsWith('/')) return ParseResult.Fail<Uevent>($"{action}: no usable DEVPATH");
        if (headerDevPath is not null && properties.TryGetValue("DEVPATH", out var named) && named != headerDevPath)
        {
            return ParseResult.Fail<Uevent>($"{action}: header names {headerDevPath} but DEVPATH is {named}");
        }
        if (!properties.TryGetValue("SUBSYSTEM", out var subsystem)) return ParseResult.Fail<Uevent>($"{action} {devPath}: no SUBSYSTEM");
        var kind = action switch
        {
            "add" => UeventAction.Add,
            "remove" => UeventAction.Remove,
            "change" => UeventAction.Change,
            _ => UeventAction.Other,
        };
        return ParseResult.Ok(new Uevent(kind, devPath, subsystem, origin, properties));
    }

    private static uint HostOrder(ReadOnlySpan<byte> bytes) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
