using System.Text.Json;
using Mpath.Cli;

namespace Mpath.Cli.Tests;

public sealed class PlanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mpath-cli-plan").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A config whose config_dir is empty, so the machine's /etc does not leak in.</summary>
    private string Config(string body = "")
    {
        Directory.CreateDirectory(Path.Combine(_dir, "conf.d"));
        return Write("multipath.conf", $"defaults {{\n config_dir \"{Path.Combine(_dir, "conf.d")}\"\n}}\n{body}");
    }

    private static (int Rc, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var rc = MpathCommandLine.Run(args, stdout, stderr);
        return (rc, stdout.ToString(), stderr.ToString());
    }

    private static string Path4(string vendor, string product, string extra = "") =>
        string.Join(",\n", new[] { ("sda", "8:0", 1), ("sdb", "8:16", 1), ("sdc", "8:32", 2), ("sdd", "8:48", 2) }.Select(p =>
            $$"""{ "dev": "{{p.Item1}}", "devt": "{{p.Item2}}", "hbtl": "0:0:{{p.Item3}}:1", "vendor": "{{vendor}}", "product": "{{product}}", "wwid": "36001405aaaa", "size_sectors": 2048, "alua": { "tpg": {{p.Item3}}, "state": "{{(p.Item3 == 1 ? "active/optimized" : "standby")}}", "pref": false } {{extra}} }"""));

    [Fact]
    public void Json_plan_groups_alua_paths_by_priority_with_the_table_and_skips_devices_without_wwid()
    {
        var topology = Write("t.json", $$"""{ "paths": [ {{Path4("LIO-ORG", "RAMDISK-MCP")}}, { "dev": "sde", "devt": "8:64", "vendor": "ATA", "product": "x", "wwid": "" } ] }""");
        var (rc, output, _) = Run("plan", "--topology", topology, "--config", Config(), "--json");
        Assert.Equal(0, rc);
        using var doc = JsonDocument.Parse(output);
        var map = Assert.Single(doc.RootElement.GetProperty("maps").EnumerateArray());
        Assert.Equal("36001405aaaa", map.GetProperty("wwid").GetString());
        Assert.Equal("group_by_prio", map.GetProperty("path_grouping_policy").GetString());
        var groups = map.GetProperty("path_groups").EnumerateArray().ToList();
        Assert.Equal(2, groups.Count);
        Assert.Equal(50, groups[0].GetProperty("priority").GetInt32());
        Assert.Equal(["sda", "sdb"], groups[0].GetProperty("paths").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, groups[1].GetProperty("priority").GetInt32());
        Assert.EndsWith("2 1 service-time 0 2 1 8:0 1 8:16 1 service-time 0 2 1 8:32 1 8:48 1", map.GetProperty("table").GetString(), StringComparison.Ordinal);
        var skipped = Assert.Single(doc.RootElement.GetProperty("skipped").EnumerateArray());
        Assert.Equal("sde", skipped.GetProperty("dev").GetString());
        Assert.False(map.TryGetProperty("failbacks", out _));
    }

    [Theory]
    [InlineData("followover", 1)]
    [InlineData("immediate", 1)]
    [InlineData("manual", 0)]
    public void Timeline_reports_when_the_engine_fails_back_after_a_repair(string failback, int expected)
    {
        var timeline = """
            , "timeline": { "end": 600, "events": [
              { "t": 60, "dev": "sda", "checker": "down" }, { "t": 60, "dev": "sda", "kernel": "fail" },
              { "t": 60, "dev": "sdb", "checker": "down" }, { "t": 60, "dev": "sdb", "kernel": "fail" },
              { "t": 300, "dev": "sda", "checker": "up" }, { "t": 300, "dev": "sdb", "checker": "up" } ] }
            """;
        var topology = Write("t.json", $$"""{ "paths": [ {{Path4("ACME", "ARRAY")}} ] {{timeline}} }""");
        var config = Config($"defaults {{\n failback {failback}\n path_grouping_policy group_by_prio\n prio alua\n}}\n");
        var (rc, output, err) = Run("plan", "--topology", topology, "--config", config, "--json");
        Assert.True(rc == 0, err);
        using var doc = JsonDocument.Parse(output);
        var failbacks = doc.RootElement.GetProperty("maps")[0].GetProperty("failbacks").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(expected, failbacks.Count);
        Assert.All(failbacks, t => Assert.InRange(t, 300, 305));
    }

    [Fact]
    public void Followover_does_not_fail_back_after_kernel_only_failures()
    {
        var topology = Write("t.json", $$"""
            { "paths": [ {{Path4("ACME", "ARRAY")}} ], "timeline": { "end": 300, "events": [
              { "t": 60, "dev": "sda", "kernel": "fail" }, { "t": 60, "dev": "sdb", "kernel": "fail" } ] } }
            """);
        var config = Config("defaults {\n failback followover\n path_grouping_policy group_by_prio\n prio alua\n}\n");
        var (rc, output, _) = Run("plan", "--topology", topology, "--config", config);
        Assert.Equal(0, rc);
        Assert.Contains("what-if: the engine never fails back", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"paths\": [ { \"devt\": \"8:0\" } ] }", "\"dev\" is required")]
    [InlineData("{ \"nothing\": 1 }", "\"paths\" is missing")]
    [InlineData("{ \"paths\": [ ", "invalid JSON")]
    [InlineData("{ \"paths\": [ { \"dev\": \"sda\", \"alua\": { \"tpg\": 1, \"state\": \"sideways\" } } ] }", "alua.state must be")]
    [InlineData("{ \"paths\": [ { \"dev\": \"sda\" } ], \"timeline\": { \"end\": 10, \"events\": [ { \"t\": 1, \"dev\": \"sdz\", \"checker\": \"up\" } ] } }", "must name a path")]
    public void Bad_topologies_exit_1_with_the_reason(string json, string reason)
    {
        var (rc, _, err) = Run("plan", "--topology", Write("bad.json", json), "--config", Config());
        Assert.Equal(1, rc);
        Assert.Contains(reason, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_topology_option_is_a_usage_error() => Assert.Equal(2, Run("plan").Rc);
}
