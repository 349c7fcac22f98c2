namespace Mpath.Core.Model;

/// <summary>What a path checker reports (multipath-tools' PATH_* states), also used for a path's overall state.</summary>
public enum CheckerState
{
    /// <summary>Not yet known.</summary>
    Wild,
    /// <summary>The checker could not run.</summary>
    Unchecked,
    Down,
    Up,
    /// <summary>Usable but unreliable; treated like down for failback decisions.</summary>
    Shaky,
    /// <summary>Standby or passive: reachable, works after activation.</summary>
    Ghost,
    /// <summary>An asynchronous check has not finished yet.</summary>
    Pending,
    /// <summary>The check did not finish within checker_timeout.</summary>
    Timeout,
    Removed,
    /// <summary>Up per the checker, but kept out by delayed reinstate (delay_watch_checks/delay_wait_checks).</summary>
    Delayed,
}

/// <summary>A path's state in the kernel's dm-multipath table (<c>A</c> or <c>F</c> in the status line).</summary>
public enum DmPathState
{
    Undefined,
    Active,
    Failed,
}

public static class CheckerStates
{
    /// <summary>Up or ghost: a state in which the path can carry I/O (after activation for ghost).</summary>
    public static bool IsUsable(this CheckerState state) => state is CheckerState.Up or CheckerState.Ghost;

    /// <summary>The lower-case name multipathd prints (<c>ready</c>, <c>faulty</c>, <c>ghost</c>, ...), for the <c>chk_st</c> column.</summary>
    public static string ToCheckerStatusName(this CheckerState state) => state switch
    {
        CheckerState.Up => "ready",
        CheckerState.Down => "faulty",
        CheckerState.Shaky => "shaky",
        CheckerState.Ghost => "ghost",
        CheckerState.Pending => "i/o pending",
        CheckerState.Timeout => "i/o timeout",
        CheckerState.Delayed => "delayed",
        CheckerState.Removed => "removed",
        _ => "undef",
    };
}
