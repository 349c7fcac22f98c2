using System.Reflection;

namespace Mpath.Simulation.Model;

/// <summary>The scenario library compiled into the binary (src/Mpath.Simulation/Library/*.yaml).</summary>
public static class BuiltinScenarios
{
    /// <summary>The library in the order <c>mpath sim --list</c> shows it.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["seed", "flapping", "controller-reboot", "rolling-upgrade", "alua-implicit", "auto-trespass", "lab-twohost", "large-san"];

    public static bool Exists(string name) => Names.Contains(name);

    /// <summary>The YAML text of a built-in scenario.</summary>
    public static string Text(string name)
    {
        using var stream = typeof(BuiltinScenarios).Assembly.GetManifestResourceStream($"scenario:{name}")
            ?? throw new ScenarioException($"{name}:1: error: no built-in scenario named '{name}'");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Scenario Load(string name) => ScenarioReader.Parse(Text(name), $"{name}.yaml");

    /// <summary>A built-in by name, else a YAML or JSON file by path.</summary>
    public static Scenario LoadNamedOrFile(string nameOrPath)
    {
        if (Exists(nameOrPath)) return Load(nameOrPath);
        if (!File.Exists(nameOrPath)) throw new ScenarioException($"{nameOrPath}:1: error: no such file, and no built-in scenario of that name (see mpath sim --list)");
        return ScenarioReader.Parse(File.ReadAllText(nameOrPath), nameOrPath);
    }
}
