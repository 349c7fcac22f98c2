using System.Globalization;
using Mpath.Core.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mpath.Simulation.Model;

/// <summary>
/// Reads a scenario from YAML (or JSON, which the YAML parser accepts as flow syntax) by walking the node tree by
/// hand: no reflection, so it runs under NativeAOT, and every node keeps its line for error messages.
/// The format is documented in docs/simulator.md.
/// </summary>
public sealed class ScenarioReader
{
    private readonly string _file;
    private readonly List<string> _errors = [];

    private ScenarioReader(string file) => _file = file;

    public static Scenario Parse(string text, string file)
    {
        var reader = new ScenarioReader(file);
        var scenario = reader.Read(text);
        if (reader._errors.Count > 0 || scenario is null) throw new ScenarioException(reader._errors);
        return scenario;
    }

    private Scenario? Read(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            Error(e.Start.Line, $"not valid YAML or JSON: {e.Message}");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(1, "a scenario must be a mapping (name:, arrays:, hosts:, ...)");
            return null;
        }
        var fields = Fields(root, "name", "description", "duration", "seed", "failback", "defaults", "arrays", "hosts", "faults");
        var name = Text(fields, "name") ?? Path.GetFileNameWithoutExtension(_file);
        var defaults = fields.TryGetValue("defaults", out var d) ? Settings(Mapping(d, "defaults"), new HostSettings(), isHost: false) : new HostSettings();
        var arrays = Sequence(fields, "arrays", root).Select(ReadArray).OfType<ArraySpec>().ToList();
        var hosts = Sequence(fields, "hosts", root).SelectMany(n => ReadHosts(n, defaults)).ToList();
        var scenario = new Scenario
        {
            Name = name,
            Description = Text(fields, "description") ?? "",
            Duration = Number(fields, "duration", 600, min: 1),
            Seed = (int)Number(fields, "seed", 1, min: 0),
            FailbackModes = fields.TryGetValue("failback", out var fb) ? FailbackList(fb) : [],
            Arrays = arrays,
            Hosts = hosts,
            Faults = Sequence(fields, "faults", null).Select(ReadFault).OfType<(FaultSpec, YamlNode)>().Select(f => f.Item1).ToList(),
        };
        CheckReferences(scenario, fields);
        return scenario;
    }

    private readonly List<(FaultSpec Fault, YamlNode Node)> _faultNodes = [];

    private ArraySpec? ReadArray(YamlNode node)
    {
        if (Mapping(node, "array") is not { } map) return null;
        var f = Fields(map, "name", "behaviour", "behavior", "controllers", "luns", "trespass_time", "implicit_after");
        var name = Text(f, "name") ?? "array";
        var behaviourText = Text(f, "behaviour") ?? Text(f, "behavior") ?? "explicit";
        ArrayBehaviour behaviour = ArrayBehaviour.Explicit;
        var behaviourNode = f.GetValueOrDefault("behaviour") ?? f.GetValueOrDefault("behavior") ?? node;
        switch (behaviourText)
        {
            case "explicit": behaviour = ArrayBehaviour.Explicit; break;
            case "auto-trespass": behaviour = ArrayBehaviour.AutoTrespass; break;
            case "alua-implicit": behaviour = ArrayBehaviour.AluaImplicit; break;
            case "alua-explicit": behaviour = ArrayBehaviour.AluaExplicit; break;
            case "active-active": behaviour = ArrayBehaviour.ActiveActive; break;
            default: Error(behaviourNode, $"bad behaviour '{behaviourText}' (explicit, auto-trespass, alua-implicit, alua-explicit, active-active)"); break;
        }
        var controllers = new List<ControllerSpec>();
        foreach (var c in Sequence(f, "controllers", map))
        {
            if (c is YamlScalarNode s) controllers.Add(new ControllerSpec(s.Value ?? "", 2));
            else if (Mapping(c, "controller") is { } cm)
            {
                var cf = Fields(cm, "name", "ports");
                controllers.Add(new ControllerSpec(Text(cf, "name") ?? $"C{controllers.Count}", (int)Number(cf, "ports", 2, min: 1)));
            }
        }
        if (controllers.Count == 0) Error(node, $"array {name}: needs at least one controller");
        var luns = new List<LunSpec>();
        if (f.TryGetValue("luns", out var lunsNode))
        {
            if (lunsNode is YamlSequenceNode seq)
            {
                foreach (var l in seq)
                {
                    if (Mapping(l, "lun") is not { } lm) continue;
                    var lf = Fields(lm, "name", "owner");
                    luns.Add(new LunSpec(Text(lf, "name") ?? $"lun{luns.Count + 1}", OwnerOf(lf, controllers, luns.Count, l)));
                }
            }
            else if (Mapping(lunsNode, "luns") is { } lm)
            {
                var lf = Fields(lm, "count", "prefix", "owner");
                var count = (int)Number(lf, "count", 1, min: 1);
                var prefix = Text(lf, "prefix") ?? "lun";
                for (var i = 0; i < count; i++) luns.Add(new LunSpec($"{prefix}{i + 1}", OwnerOf(lf, controllers, i, lm)));
            }
        }
        else Error(node, $"array {name}: missing field 'luns'");
        return new ArraySpec(name, behaviour, controllers, luns, Number(f, "trespass_time", 2, min: 0), Number(f, "implicit_after", 10, min: 0));
    }

    /// <summary>A LUN's default owner: a controller name, or <c>alternate</c> to spread LUNs over the controllers.</summary>
    private string OwnerOf(Dictionary<string, YamlNode> f, List<ControllerSpec> controllers, int index, YamlNode at)
    {
        var owner = Text(f, "owner") ?? (controllers.Count > 0 ? controllers[0].Name : "");
        if (owner == "alternate") return controllers.Count > 0 ? controllers[index % controllers.Count].Name : "";
        if (controllers.Count > 0 && !controllers.Exists(c => c.Name == owner)) Error(f.GetValueOrDefault("owner") ?? at, $"owner '{owner}' is not a controller of this array");
        return owner;
    }

    private IEnumerable<HostSpec> ReadHosts(YamlNode node, HostSettings defaults)
    {
        if (Mapping(node, "host") is not { } map) yield break;
        var settings = Settings(map, defaults, isHost: true);
        var f = Fields(map, null);
        var name = Text(f, "name") ?? "host";
        var ports = (int)Number(f, "ports", 2, min: 1);
        if (f.ContainsKey("count"))
        {
            var count = (int)Number(f, "count", 1, min: 1);
            for (var i = 1; i <= count; i++) yield return new HostSpec($"{name}{i}", ports, settings);
        }
        else yield return new HostSpec(name, ports, settings);
    }

    private static readonly string[] SettingKeys =
    [
        "failback", "no_path_retry", "polling_interval", "max_polling_interval", "prio", "preferred_controller", "hardware_handler",
        "failback_rate_limit", "failback_rate_window", "pingpong_threshold", "flaky_path_window", "flaky_path_hold", "io_rate",
        "checker_timeout", "checker_start", "check_duration", "io_fail_time", "marginal_path_double_failed_time", "marginal_path_err_sample_time",
        "marginal_path_err_rate_threshold", "marginal_path_err_recheck_gap_time",
    ];

    private HostSettings Settings(YamlMappingNode? map, HostSettings inherited, bool isHost)
    {
        if (map is null) return inherited;
        var allowed = isHost ? SettingKeys.Concat(["name", "count", "ports"]).ToArray() : SettingKeys;
        var f = Fields(map, allowed);
        var s = inherited;
        if (f.TryGetValue("failback", out var fb))
        {
            if (Failback.TryParse(Scalar(fb) ?? "", out var v)) s = s with { Failback = v };
            else Error(fb, $"bad failback '{Scalar(fb)}' (immediate, manual, followover or seconds)");
        }
        if (f.TryGetValue("no_path_retry", out var npr))
        {
            if (NoPathRetry.TryParse(Scalar(npr) ?? "", out var v)) s = s with { NoPathRetry = v };
            else Error(npr, $"bad no_path_retry '{Scalar(npr)}' (fail, queue or a number)");
        }
        if (f.TryGetValue("prio", out var prio))
        {
            switch (Scalar(prio))
            {
                case "static": s = s with { Priority = PriorityModel.Static }; break;
                case "path-order": s = s with { Priority = PriorityModel.PathOrder }; break;
                case "alua": s = s with { Priority = PriorityModel.Alua }; break;
                default: Error(prio, $"bad prio '{Scalar(prio)}' (static, path-order, alua)"); break;
            }
        }
        if (f.TryGetValue("hardware_handler", out var hh))
        {
            switch (Scalar(hh))
            {
                case "yes" or "true": s = s with { HardwareHandler = true }; break;
                case "no" or "false": s = s with { HardwareHandler = false }; break;
                default: Error(hh, $"bad hardware_handler '{Scalar(hh)}' (yes or no)"); break;
            }
        }
        s = s with
        {
            PreferredController = Text(f, "preferred_controller") ?? s.PreferredController,
            PollingInterval = Number(f, "polling_interval", s.PollingInterval, min: 1),
            MaxPollingInterval = Number(f, "max_polling_interval", s.MaxPollingInterval, min: 1),
            FailbackRateLimit = (int)Number(f, "failback_rate_limit", s.FailbackRateLimit, min: 0),
            FailbackRateWindow = Number(f, "failback_rate_window", s.FailbackRateWindow, min: 1),
            PingPongThreshold = (int)Number(f, "pingpong_threshold", s.PingPongThreshold, min: 0),
            FlakyPathWindow = Number(f, "flaky_path_window", s.FlakyPathWindow, min: 0),
            FlakyPathHold = Number(f, "flaky_path_hold", s.FlakyPathHold, min: 0),
            IoRate = Number(f, "io_rate", s.IoRate, min: 0.001),
            CheckerTimeout = Number(f, "checker_timeout", s.CheckerTimeout, min: 0.001),
            CheckDuration = Number(f, "check_duration", s.CheckDuration, min: 0),
            CheckerStart = f.ContainsKey("checker_start") ? Number(f, "checker_start", 0, min: 0) : s.CheckerStart,
            IoFailTime = Number(f, "io_fail_time", s.IoFailTime, min: 0),
            MarginalPathDoubleFailedTime = Number(f, "marginal_path_double_failed_time", s.MarginalPathDoubleFailedTime, min: 0),
            MarginalPathErrSampleTime = Number(f, "marginal_path_err_sample_time", s.MarginalPathErrSampleTime, min: 0),
            MarginalPathErrRateThreshold = (int)Number(f, "marginal_path_err_rate_threshold", s.MarginalPathErrRateThreshold, min: 0),
            MarginalPathErrRecheckGapTime = Number(f, "marginal_path_err_recheck_gap_time", s.MarginalPathErrRecheckGapTime, min: 0),
        };
        if (s.MaxPollingInterval < s.PollingInterval) Error(map, "max_polling_interval must not be below polling_interval");
        return s;
    }

    private (FaultSpec, YamlNode)? ReadFault(YamlNode node)
    {
        if (Mapping(node, "fault") is not { } map) return null;
        var f = Fields(map, "kind", "at", "until", "host", "host_port", "array", "controller", "port", "period", "count", "fraction", "latency_ms");
        FaultKind kind = FaultKind.LinkDown;
        switch (Text(f, "kind"))
        {
            case "link-down": kind = FaultKind.LinkDown; break;
            case "flap": kind = FaultKind.Flap; break;
            case "drop": kind = FaultKind.Drop; break;
            case "latency": kind = FaultKind.Latency; break;
            case "controller-down": kind = FaultKind.ControllerDown; break;
            case null: Error(map, "fault: missing field 'kind'"); break;
            case var k: Error(f["kind"], $"bad fault kind '{k}' (link-down, flap, drop, latency, controller-down)"); break;
        }
        if (!f.ContainsKey("at")) Error(map, "fault: missing field 'at'");
        var fault = new FaultSpec
        {
            Kind = kind,
            At = Number(f, "at", 0, min: 0),
            Until = f.ContainsKey("until") ? Number(f, "until", 0, min: 0) : null,
            Host = Text(f, "host"),
            HostPort = Text(f, "host_port"),
            Array = Text(f, "array"),
            Controller = Text(f, "controller"),
            Port = Text(f, "port"),
            Period = Number(f, "period", 0, min: 0),
            Count = (int)Number(f, "count", 0, min: 0),
            Fraction = Number(f, "fraction", 0, min: 0),
            LatencyMs = Number(f, "latency_ms", 0, min: 0),
        };
        if (fault.Until is { } until && until <= fault.At) Error(f["until"], "fault: 'until' must be after 'at'");
        if (kind == FaultKind.Flap && (fault.Period <= 0 || fault.Count <= 0)) Error(map, "flap: needs period > 0 and count > 0");
        if (kind == FaultKind.Drop && fault.Fraction is <= 0 or > 1) Error(map, "drop: needs fraction in (0, 1]");
        if (kind == FaultKind.Latency && fault.LatencyMs <= 0) Error(map, "latency: needs latency_ms > 0");
        if (kind == FaultKind.ControllerDown && fault.Controller is null) Error(map, "controller-down: needs 'controller'");
        _faultNodes.Add((fault, map));
        return (fault, map);
    }

    private void CheckReferences(Scenario s, Dictionary<string, YamlNode> root)
    {
        var controllers = s.Arrays.SelectMany(a => a.Controllers).ToList();
        foreach (var (fault, node) in _faultNodes)
        {
            var f = Fields((YamlMappingNode)node, null);
            if (fault.Host is { } h && !s.Hosts.Any(x => x.Name == h)) Error(f["host"], $"fault: no host named '{h}'");
            if (fault.HostPort is { } hp && !s.Hosts.Any(x => Enumerable.Range(0, x.Ports).Any(i => $"hba{i}" == hp))) Error(f["host_port"], $"fault: no host port named '{hp}' (host ports are hba0, hba1, ...)");
            var arrays = fault.Array is { } a ? s.Arrays.Where(x => x.Name == a).ToList() : s.Arrays.ToList();
            if (fault.Array is not null && arrays.Count == 0) Error(f["array"], $"fault: no array named '{fault.Array}'");
            var cs = arrays.SelectMany(x => x.Controllers).ToList();
            if (fault.Controller is { } c && !cs.Exists(x => x.Name == c)) Error(f["controller"], $"fault: no controller named '{c}'");
            if (fault.Port is { } p && !cs.Exists(x => Enumerable.Range(0, x.Ports).Any(i => x.PortName(i) == p))) Error(f["port"], $"fault: no array port named '{p}'");
        }
        foreach (var host in s.Hosts)
        {
            if (host.Settings.PreferredController is { } pc && !controllers.Exists(c => c.Name == pc))
            {
                Error(root.GetValueOrDefault("hosts") ?? root.Values.First(), $"host {host.Name}: preferred_controller '{pc}' is not a controller of any array");
                break;
            }
        }
        var names = s.Hosts.GroupBy(h => h.Name).FirstOrDefault(g => g.Count() > 1);
        if (names is not null) Error(root["hosts"], $"host name '{names.Key}' is used twice");
        if (s.Hosts.Count == 0 && root.TryGetValue("hosts", out var hn)) Error(hn, "needs at least one host");
        if (s.Arrays.Count == 0 && root.TryGetValue("arrays", out var an)) Error(an, "needs at least one array");
    }

    private IReadOnlyList<Failback> FailbackList(YamlNode node)
    {
        var items = node is YamlSequenceNode seq ? seq.Children.ToList() : [node];
        var modes = new List<Failback>();
        foreach (var item in items)
        {
            if (Failback.TryParse(Scalar(item) ?? "", out var v)) modes.Add(v);
            else Error(item, $"bad failback '{Scalar(item)}' (immediate, manual, followover or seconds)");
        }
        return modes;
    }

    // ---- node helpers ----

    /// <summary>The fields of a mapping by name; with <paramref name="allowed"/>, any other key is an error.</summary>
    private Dictionary<string, YamlNode> Fields(YamlMappingNode map, params string[]? allowed)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var name = Scalar(key) ?? "";
            if (allowed is not null && !allowed.Contains(name))
            {
                Error(key, $"unknown field '{name}' (expected one of: {string.Join(", ", allowed)})");
                continue;
            }
            if (!fields.TryAdd(name, value) && allowed is not null) Error(key, $"field '{name}' given twice");
        }
        return fields;
    }

    private YamlMappingNode? Mapping(YamlNode? node, string what)
    {
        if (node is YamlMappingNode m) return m;
        if (node is not null) Error(node, $"{what}: expected a mapping");
        return null;
    }

    private IEnumerable<YamlNode> Sequence(Dictionary<string, YamlNode> f, string key, YamlNode? requiredAt)
    {
        if (!f.TryGetValue(key, out var node))
        {
            if (requiredAt is not null) Error(requiredAt, $"missing field '{key}'");
            return [];
        }
        if (node is YamlSequenceNode seq) return seq.Children;
        Error(node, $"'{key}' must be a list");
        return [];
    }

    private static string? Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value : null;

    private string? Text(Dictionary<string, YamlNode> f, string key)
    {
        if (!f.TryGetValue(key, out var node)) return null;
        if (node is YamlScalarNode s) return s.Value;
        Error(node, $"'{key}' must be a single value");
        return null;
    }

    private double Number(Dictionary<string, YamlNode> f, string key, double fallback, double min)
    {
        if (!f.TryGetValue(key, out var node)) return fallback;
        var text = Scalar(node);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
        {
            Error(node, $"'{key}' must be a number, not '{text}'");
            return fallback;
        }
        if (value < min)
        {
            Error(node, string.Create(CultureInfo.InvariantCulture, $"'{key}' must be at least {min}, not {value}"));
            return fallback;
        }
        return value;
    }

    private void Error(YamlNode node, string text) => Error((int)node.Start.Line, text);

    private void Error(long line, string text) => _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{_file}:{Math.Max(1, line)}: error: {text}"));
}
