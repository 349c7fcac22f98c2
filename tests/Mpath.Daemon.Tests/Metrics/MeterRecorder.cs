using System.Diagnostics.Metrics;

namespace Mpath.Daemon.Tests.Metrics;

/// <summary>Collects every measurement of one meter instance (other tests' meters of the same name are ignored).</summary>
internal sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, string> Tags)> _measurements = [];

    public MeterRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in tags) dict[t.Key] = t.Value?.ToString() ?? "";
        lock (_measurements) _measurements.Add((instrument.Name, value, dict));
    }

    /// <summary>Reads the observable gauges now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>Sum of the values recorded on <paramref name="instrument"/> whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] tags)
    {
        lock (_measurements)
        {
            return _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value)).Sum(m => m.Value);
        }
    }

    public int Count(string instrument)
    {
        lock (_measurements) return _measurements.Count(m => m.Instrument == instrument);
    }

    public void Dispose() => _listener.Dispose();
}
