namespace Mpath.Linux.Sampling;

/// <summary>The outcome of sampling a path: how many direct reads were issued and how many failed or timed out.</summary>
public sealed record IoSample(int Reads, int Errors);

/// <summary>
/// Measures a path's I/O error rate for marginal_path_err_sample_time: direct reads at a fixed rate, errors counted.
/// Never blocks the caller; a device that hangs only makes the sample end with its in-flight read counted as an error.
/// </summary>
public interface IIoErrorSampler
{
    /// <summary>Samples <paramref name="devicePath"/> for <paramref name="duration"/>.</summary>
    /// <exception cref="IOException">The device cannot be opened for direct reads.</exception>
    Task<IoSample> SampleAsync(string devicePath, TimeSpan duration, CancellationToken cancel);
}
