using Mpath.Core.Model;

namespace Mpath.Linux.DeviceMapper;

/// <summary>A path group's state in the kernel: A(ctive), E(nabled) or D(isabled).</summary>
public enum DmGroupState
{
    Active,
    Enabled,
    Disabled,
}

public sealed record MultipathStatusPath(string Device, DmPathState State, int FailCount, IReadOnlyList<string> SelectorStatus);

public sealed record MultipathStatusGroup(DmGroupState State, IReadOnlyList<MultipathStatusPath> Paths)
{
    /// <summary>"active" / "enabled" / "disabled", as multipath -ll prints status=.</summary>
    public string StateName => State.ToString().ToLowerInvariant();
}

/// <summary>
/// A dm-multipath status line: <c>#features queue_io pg_init_count.. #hwhandler-words .. #groups next-group</c>,
/// then per group <c>A|E|D #group-status-words .. #paths #selector-path-words</c> and per path
/// <c>dev A|F fail-count selector-words..</c>.
/// </summary>
public sealed record MultipathStatus(
    IReadOnlyList<string> Features,
    IReadOnlyList<string> HardwareHandlerStatus,
    int NextGroup,
    IReadOnlyList<MultipathStatusGroup> Groups)
{
    /// <summary>The kernel is queueing I/O because no path is usable (first feature word is queue_io).</summary>
    public bool QueueingIo => Features.Count > 0 && Features[0] == "1";

    public static MultipathStatus Parse(string status)
    {
        var words = new WordReader(status, "multipath status");
        var features = words.CountedList();
        var handler = words.CountedList();
        var groupCount = words.Int();
        var next = words.Int();
        var groups = new List<MultipathStatusGroup>(groupCount);
        for (var g = 0; g < groupCount; g++)
        {
            var stateWord = words.Next();
            var state = stateWord switch
            {
                "A" => DmGroupState.Active,
                "E" => DmGroupState.Enabled,
                "D" => DmGroupState.Disabled,
                _ => throw new FormatException($"multipath status: group {g + 1} state '{stateWord}' is not A, E or D: '{status}'"),
            };
            words.CountedList(); // group status words of the selector: none of the in-tree selectors have any
            var pathCount = words.Int();
            var selectorWords = words.Int();
            var paths = new List<MultipathStatusPath>(pathCount);
            for (var p = 0; p < pathCount; p++)
            {
                var dev = words.Next();
                var pathWord = words.Next();
                var pathState = pathWord switch
                {
                    "A" => DmPathState.Active,
                    "F" => DmPathState.Failed,
                    _ => throw new FormatException($"multipath status: path {dev} state '{pathWord}' is not A or F: '{status}'"),
                };
                var failCount = words.Int();
                paths.Add(new MultipathStatusPath(dev, pathState, failCount, words.Take(selectorWords)));
            }
            groups.Add(new MultipathStatusGroup(state, paths));
        }
        words.End();
        return new MultipathStatus(features, handler, next, groups);
    }
}
