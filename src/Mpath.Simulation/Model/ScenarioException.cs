namespace Mpath.Simulation.Model;

/// <summary>A scenario that cannot be run; every message is <c>FILE:LINE: error: text</c>.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    public ScenarioException() : this([]) { }

    public ScenarioException(string message) : this([message]) { }

    public ScenarioException(string message, Exception inner) : base(message, inner) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }
}
