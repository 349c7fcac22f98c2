using System.Text;
using System.Text.Json;

namespace Mpath.Simulation.Results;

/// <summary>Receives every simulation event as it happens (the <c>--trace</c> file).</summary>
public interface ITraceSink
{
    void Write(string run, double time, string host, string lun, string what, string reason);
}

/// <summary>
/// Writes one JSON object per line: run, time, host, lun, what, reason. Utf8JsonWriter needs no reflection.
/// Owns <paramref name="stream"/>: disposing the trace closes it.
/// </summary>
public sealed class JsonLinesTrace(Stream stream) : ITraceSink, IDisposable
{
    private readonly Utf8JsonWriter _writer = new(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public void Write(string run, double time, string host, string lun, string what, string reason)
    {
        _writer.Reset();
        _writer.WriteStartObject();
        _writer.WriteString("run", run);
        _writer.WriteNumber("time", Math.Round(time, 3));
        _writer.WriteString("host", host);
        _writer.WriteString("lun", lun);
        _writer.WriteString("what", what);
        _writer.WriteString("reason", reason);
        _writer.WriteEndObject();
        _writer.Flush();
        stream.WriteByte((byte)'\n');
    }

    public void Dispose()
    {
        _writer.Dispose();
        stream.Dispose();
    }
}
