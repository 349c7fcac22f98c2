using Microsoft.Extensions.Logging;
using Mpath.Linux.Sampling;

namespace Mpath.Daemon.Service;

/// <summary>
/// marginal_path_*: runs the I/O samples the engine asks for, outside the gate, and feeds each result back to the
/// engine of the map that still holds the path. A sample in flight is never started twice for the same device.
/// </summary>
public sealed partial class PathManager
{
    private readonly CancellationTokenSource _stopSampling = new();
    private readonly Dictionary<string, Task> _samples = new(StringComparer.Ordinal);

    /// <summary>Completes when every sample started so far has been applied (tests wait on it).</summary>
    internal Task SamplesApplied
    {
        get
        {
            lock (_samples) return Task.WhenAll(_samples.Values);
        }
    }

    private void StartSample(MapRuntime map, string dev, TimeSpan duration)
    {
        lock (_samples)
        {
            if (_samples.TryGetValue(dev, out var running) && !running.IsCompleted) return;
            _samples[dev] = Task.Run(() => SampleAsync(map, dev, duration));
        }
    }

    private async Task SampleAsync(MapRuntime map, string dev, TimeSpan duration)
    {
        var cancel = _stopSampling.Token;
        IoSample? sample = null;
        try
        {
            sample = await IoSampler.SampleAsync("/dev/" + dev, duration, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return;
        }
        catch (IOException e)
        {
            _logger.LogWarning("{Map}: cannot sample {Dev}: {Error}", map.DmName, dev, e.Message);
        }
        try
        {
            await _gate.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            // The map may have been replaced or the path dropped while the sample ran.
            if (!_maps.TryGetValue(map.DmName, out var current) || !ReferenceEquals(current, map)) return;
            var path = map.Engine.IndexOf(dev);
            if (path < 0) return;
            if (sample is null) Step(map, a => map.Engine.OnIoSampleFailed(path, a));
            else Step(map, a => map.Engine.OnIoSampleResult(path, sample.Reads, sample.Errors, a));
            Publish();
        }
        finally
        {
            _gate.Release();
            _wake.Release();
        }
    }
}
