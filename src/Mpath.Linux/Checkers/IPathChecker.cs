using Mpath.Core.Model;

namespace Mpath.Linux.Checkers;

/// <summary>The outcome of one path check, with multipathd-style wording.</summary>
public sealed record CheckerResult(CheckerState State, string Message);

/// <summary>
/// A path checker (multipath.conf <c>path_checker</c>). <see cref="Check"/> blocks the calling thread
/// for up to about <paramref name="timeout"/> (longer if the device hangs in a way SG_IO cannot bound),
/// so callers go through <see cref="CheckerRunner"/>, never the thread pool.
/// </summary>
public interface IPathChecker
{
    /// <summary>The path_checker name: tur, directio, readsector0, emc_clariion, rdac, hp_sw.</summary>
    string Name { get; }

    CheckerResult Check(string devicePath, TimeSpan timeout);
}

/// <summary>
/// A checker that remembers something about each path between checks (emc_clariion: the LUN WWN the path showed
/// first). One instance checks many paths, so what it remembers is keyed by device node.
/// </summary>
public interface IPathContextChecker : IPathChecker
{
    /// <summary>Drops what the checker remembers about <paramref name="devicePath"/>: the node now names another path.</summary>
    void Forget(string devicePath);
}

/// <summary>Creates a checker by its multipath.conf name.</summary>
public static class PathCheckers
{
    public static IReadOnlyList<string> Names { get; } = ["tur", "directio", "readsector0", "emc_clariion", "rdac", "hp_sw"];

    public static IPathChecker? Create(string name, Scsi.IScsiTransport transport) => name switch
    {
        "tur" => new TurChecker(transport),
        "directio" => new DirectIoChecker(),
        "readsector0" => new ReadSector0Checker(transport),
        "emc_clariion" => new EmcClariionChecker(transport),
        "rdac" => new RdacChecker(transport),
        "hp_sw" => new HpSwChecker(transport),
        _ => null,
    };
}
