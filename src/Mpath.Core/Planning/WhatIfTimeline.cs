using Mpath.Core.Model;

namespace Mpath.Core.Planning;

/// <summary>One event of a single-host what-if timeline (DESIGN.md §4, <c>mpath plan</c>).</summary>
public abstract record WhatIfEvent(double At, string Dev);

/// <summary>From this time on, the path checker reports <paramref name="Result"/> for the path.</summary>
public sealed record CheckerReports(double At, string Dev, CheckerState Result) : WhatIfEvent(At, Dev);

/// <summary>The kernel fails the path in dm (an I/O error), without touching its checker state.</summary>
public sealed record KernelFails(double At, string Dev) : WhatIfEvent(At, Dev);

/// <summary>A what-if timeline: events, and the second at which the replay stops.</summary>
public sealed record WhatIfTimeline(double End, IReadOnlyList<WhatIfEvent> Events);

/// <summary>What the engine did during a replay.</summary>
/// <param name="Failbacks">Seconds at which the engine itself switched back to the best group (kernel failovers excluded).</param>
/// <param name="Log">Every decision with its time, in the engine's words.</param>
public sealed record WhatIfOutcome(IReadOnlyList<double> Failbacks, IReadOnlyList<WhatIfLogLine> Log);

public sealed record WhatIfLogLine(double At, string Text);
