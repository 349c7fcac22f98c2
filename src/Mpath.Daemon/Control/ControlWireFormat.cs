using System.Buffers.Binary;

namespace Mpath.Daemon.Control;

/// <summary>
/// multipathd's control-socket framing: a native <c>size_t</c> length (8 bytes, little-endian on x86_64 and arm64)
/// followed by that many bytes. Commands and replies carry a trailing NUL, which the length counts.
/// </summary>
public static class ControlWireFormat
{
    public const int LengthSize = sizeof(ulong);
    /// <summary>Commands are short; anything longer is refused without reading it into memory.</summary>
    public const int MaxCommandLength = 64 * 1024;

    /// <summary>Encodes a message: length prefix, the text as UTF-8, and the trailing NUL.</summary>
    public static byte[] Encode(string text)
    {
        var count = System.Text.Encoding.UTF8.GetByteCount(text);
        var buffer = new byte[LengthSize + count + 1];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, (ulong)(count + 1));
        System.Text.Encoding.UTF8.GetBytes(text, buffer.AsSpan(LengthSize));
        return buffer;
    }

    /// <summary>
    /// Reads one message. Returns null at a clean end of stream before a length; throws
    /// <see cref="ControlProtocolException"/> for a truncated or oversized message.
    /// </summary>
    public static async ValueTask<string?> ReadAsync(Stream stream, int maxLength, CancellationToken cancel)
    {
        var header = new byte[LengthSize];
        var got = await ReadFullyAsync(stream, header, cancel).ConfigureAwait(false);
        if (got == 0) return null;
        if (got < LengthSize) throw new ControlProtocolException("truncated length prefix");
        var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
        if (length > (ulong)maxLength) throw new ControlProtocolException($"message of {length} bytes exceeds the limit of {maxLength}");
        var body = new byte[(int)length];
        if (await ReadFullyAsync(stream, body, cancel).ConfigureAwait(false) < body.Length)
        {
            throw new ControlProtocolException("truncated message");
        }
        var textLength = Array.IndexOf(body, (byte)0);
        return System.Text.Encoding.UTF8.GetString(body, 0, textLength < 0 ? body.Length : textLength);
    }

    public static async ValueTask WriteAsync(Stream stream, string text, CancellationToken cancel)
    {
        await stream.WriteAsync(Encode(text), cancel).ConfigureAwait(false);
        await stream.FlushAsync(cancel).ConfigureAwait(false);
    }

    private static async ValueTask<int> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancel)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), cancel).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}

public sealed class ControlProtocolException(string message) : Exception(message);
