using Mpath.Core.Model;
using Mpath.Simulation.Model;

namespace Mpath.Simulation.Tests;

public class ScenarioReaderTests
{
    private const string Minimal = """
        name: t
        arrays:
          - name: a1
            controllers: [A, B]
            luns: {count: 2}
        hosts:
          - name: h
            count: 2
        faults:
          - kind: link-down
            host: h1
            controller: A
            at: 10
            until: 20
        """;

    private static IReadOnlyList<string> Errors(string yaml)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml, "s.yaml"));
        return e.Errors;
    }

    [Fact]
    public void Reads_a_minimal_scenario_with_defaults()
    {
        var s = ScenarioReader.Parse(Minimal, "s.yaml");
        Assert.Equal(["h1", "h2"], s.Hosts.Select(h => h.Name));
        Assert.Equal(2, s.Arrays[0].Luns.Count);
        Assert.Equal("A", s.Arrays[0].Luns[1].DefaultOwner);
        Assert.Equal(Failback.Followover, s.Hosts[0].Settings.Failback);
        Assert.Equal(20, s.LastRepair);
    }

    [Fact]
    public void Checker_start_is_random_unless_given_and_a_host_may_override_it()
    {
        Assert.Null(ScenarioReader.Parse(Minimal, "s.yaml").Hosts[0].Settings.CheckerStart);
        var yaml = Minimal.Replace("name: t\n", "name: t\ndefaults:\n  checker_start: 0.5\n", StringComparison.Ordinal)
            .Replace("    count: 2", "    count: 2\n    checker_start: 0", StringComparison.Ordinal);
        var hosts = ScenarioReader.Parse(yaml, "s.yaml").Hosts;
        Assert.All(hosts, h => Assert.Equal(0, h.Settings.CheckerStart));
        Assert.Null(ScenarioReader.Parse(Minimal, "s.yaml").Hosts[1].Settings.CheckerStart);
        Assert.Contains(Errors(Minimal.Replace("    count: 2", "    count: 2\n    checker_start: -1", StringComparison.Ordinal)),
            e => e.Contains("'checker_start' must be at least 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_field_is_reported_with_its_line()
    {
        var errors = Errors(Minimal.Replace("    count: 2", "    count: 2\n    colour: red", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("s.yaml:9: error: unknown field 'colour'", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_value_is_reported_with_its_line()
    {
        var errors = Errors(Minimal.Replace("at: 10", "at: soon", StringComparison.Ordinal));
        Assert.Contains("s.yaml:13: error: 'at' must be a number, not 'soon'", errors);
    }

    [Fact]
    public void Bad_failback_and_behaviour_are_reported()
    {
        var errors = Errors(Minimal.Replace("name: h\n", "name: h\n    failback: sometimes\n", StringComparison.Ordinal)
            .Replace("name: a1\n", "name: a1\n    behaviour: lazy\n", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(":4: error: bad behaviour 'lazy'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(":9: error: bad failback 'sometimes'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("host: h1", "host: h9", "s.yaml:11: error: fault: no host named 'h9'")]
    [InlineData("controller: A\n    at", "controller: C\n    at", "s.yaml:12: error: fault: no controller named 'C'")]
    [InlineData("controller: A\n    at", "port: Z7\n    at", "s.yaml:12: error: fault: no array port named 'Z7'")]
    [InlineData("luns: {count: 2}", "luns: {count: 2, owner: Q}", "s.yaml:5: error: owner 'Q' is not a controller of this array")]
    public void References_to_missing_things_are_errors(string from, string to, string expected)
    {
        Assert.Contains(expected, Errors(Minimal.Replace(from, to, StringComparison.Ordinal)));
    }

    [Fact]
    public void Missing_required_sections_are_errors()
    {
        var errors = Errors("name: t\n");
        Assert.Contains("s.yaml:1: error: missing field 'arrays'", errors);
        Assert.Contains("s.yaml:1: error: missing field 'hosts'", errors);
    }

    [Fact]
    public void Broken_syntax_is_an_error_with_a_line()
    {
        var errors = Errors("name: t\narrays: [\n");
        Assert.Single(errors);
        Assert.Matches(@"^s\.yaml:\d+: error: not valid YAML or JSON", errors[0]);
    }

    [Fact]
    public void Json_is_the_same_model()
    {
        const string json = """
            {"name": "j", "duration": 100, "failback": ["immediate", "60"],
             "arrays": [{"name": "a", "behaviour": "auto-trespass", "controllers": [{"name": "A", "ports": 1}, {"name": "B", "ports": 1}], "luns": [{"name": "db", "owner": "B"}]}],
             "hosts": [{"name": "web", "ports": 1, "prio": "path-order", "io_rate": 10}],
             "faults": [{"kind": "flap", "host": "web", "at": 10, "period": 4, "count": 3}]}
            """;
        var s = ScenarioReader.Parse(json, "s.json");
        Assert.Equal([Failback.Immediate, Failback.Deferred(60)], s.FailbackModes);
        Assert.Equal(ArrayBehaviour.AutoTrespass, s.Arrays[0].Behaviour);
        Assert.Equal("B", s.Arrays[0].Luns[0].DefaultOwner);
        Assert.Equal(PriorityModel.PathOrder, s.Hosts[0].Settings.Priority);
        Assert.Equal(22, s.Faults[0].End);
    }
}
