using System.Text.Json;
using Mpath.Cli;

namespace Mpath.Cli.Tests;

public sealed class ConfigCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mpath-cli-config").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteConfig(string text)
    {
        var path = Path.Combine(_dir, "multipath.conf");
        // An empty config_dir keeps the test independent of /etc/multipath/conf.d on this machine.
        Directory.CreateDirectory(Path.Combine(_dir, "conf.d"));
        File.WriteAllText(path, $"defaults {{\n config_dir \"{Path.Combine(_dir, "conf.d")}\"\n}}\n" + text);
        return path;
    }

    private static (int Rc, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var rc = MpathCommandLine.Run(args, stdout, stderr);
        return (rc, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Check_on_a_broken_file_exits_1_with_located_messages()
    {
        var path = WriteConfig("defaults {\n  failback sometimes\n  bogus 1\n}\n}\n");
        var (rc, output, _) = Run("config", "check", "--config", path);
        Assert.Equal(1, rc);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"{path}:5: error: bad value \"sometimes\" for 'failback': expected immediate, manual, followover, or a positive number of seconds (deferred); ignored", lines);
        Assert.Contains(lines, l => l.StartsWith($"{path}:6: error: unknown keyword 'bogus'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{path}:8: error: unmatched '}}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_on_a_valid_file_with_warnings_exits_0_and_json_has_the_contract_shape()
    {
        var path = WriteConfig("overrides {\n  failback immediate\n}\n");
        var (rc, output, _) = Run("config", "check", "--config", path, "--json");
        Assert.Equal(0, rc);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        var first = json.RootElement.GetProperty("diagnostics")[0];
        Assert.Equal(path, first.GetProperty("file").GetString());
        Assert.Equal(5, first.GetProperty("line").GetInt32());
        Assert.Equal("warning", first.GetProperty("severity").GetString());
        Assert.Contains("followover", first.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_named_file_is_exit_1_with_a_clear_message()
    {
        var missing = Path.Combine(_dir, "nope.conf");
        var check = Run("config", "check", "--config", missing);
        Assert.Equal(1, check.Rc);
        Assert.Contains($"{missing}:1: error: cannot read the configuration file", check.Out, StringComparison.Ordinal);
        var show = Run("config", "show", "--config", missing);
        Assert.Equal(1, show.Rc);
        Assert.Contains("cannot read configuration file", show.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_json_has_value_and_source_for_every_attribute()
    {
        var path = WriteConfig("devices {\n device {\n  vendor IBM\n  product ^2145\n  no_path_retry 7\n }\n}\nmultipaths {\n multipath {\n  wwid 3600x\n  alias db\n }\n}\n");
        var (rc, output, _) = Run("config", "explain", "--config", path, "--vendor", "IBM", "--product", "2145", "--wwid", "3600x", "--json");
        Assert.Equal(0, rc);
        using var json = JsonDocument.Parse(output);
        var attributes = json.RootElement.GetProperty("attributes");
        Assert.Equal("7", attributes.GetProperty("no_path_retry").GetProperty("value").GetString());
        Assert.Equal("devices", attributes.GetProperty("no_path_retry").GetProperty("source").GetString());
        Assert.Equal("hwtable", attributes.GetProperty("prio").GetProperty("source").GetString());
        Assert.Equal("multipaths", attributes.GetProperty("alias").GetProperty("source").GetString());
        Assert.Equal("builtin", attributes.GetProperty("rr_min_io").GetProperty("source").GetString());
        Assert.Equal("defaults", attributes.GetProperty("config_dir").GetProperty("source").GetString());
        foreach (var attribute in attributes.EnumerateObject())
        {
            Assert.Equal(2, attribute.Value.EnumerateObject().Count());
        }
    }

    [Fact]
    public void Explain_table_is_aligned_and_explain_requires_vendor_and_product()
    {
        var path = WriteConfig("");
        var (rc, output, _) = Run("config", "explain", "--config", path, "--vendor", "DGC", "--product", "VRAID");
        Assert.Equal(0, rc);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sourceColumn = lines[0].IndexOf("SOURCE", StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("hardware_handler ", StringComparison.Ordinal) && l[sourceColumn..] == "hwtable");
        Assert.All(lines.Skip(1), l => Assert.True(l.Length > sourceColumn && l[sourceColumn - 1] == ' ' && l[sourceColumn] != ' ', l));
        Assert.Equal(2, Run("config", "explain", "--config", path, "--vendor", "DGC").Rc);
    }

    [Fact]
    public void Show_prints_a_config_that_reads_back_without_messages()
    {
        var path = WriteConfig("devices {\n device {\n  vendor ACME\n  product BOX\n  failback followover\n }\n}\n");
        var (rc, output, _) = Run("config", "show", "--config", path);
        Assert.Equal(0, rc);
        Assert.Contains("\tverbosity 2\n", output, StringComparison.Ordinal);
        Assert.Contains("\t\tvendor \"ACME\"\n\t\tproduct \"BOX\"\n\t\tfailback \"followover\"\n", output, StringComparison.Ordinal);
        var shown = Path.Combine(_dir, "shown.conf");
        File.WriteAllText(shown, output);
        var again = Run("config", "show", "--config", shown);
        Assert.Equal(output, again.Out);
        Assert.Equal(0, Run("config", "check", "--config", shown).Rc);
    }
}
