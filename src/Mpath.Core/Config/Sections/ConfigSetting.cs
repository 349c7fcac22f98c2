namespace Mpath.Core.Config.Sections;

/// <summary>Where a value was written. <see cref="BuiltIn"/> marks the compiled-in hardware table and blacklist.</summary>
public sealed record ConfigOrigin(string File, int Line, bool BuiltIn = false)
{
    public static ConfigOrigin Compiled { get; } = new("<built-in>", 1, true);

    public override string ToString() => BuiltIn && File == "<built-in>" ? "built-in" : $"{File}:{Line}";
}

/// <summary>A keyword's canonical value and where it was set.</summary>
public sealed record ConfigSetting(string Value, ConfigOrigin Origin);

/// <summary>The settings of one section or entry, keyed by canonical keyword name; a later set replaces an earlier one.</summary>
public sealed class AttributeSet
{
    private readonly Dictionary<string, ConfigSetting> _values = new(StringComparer.Ordinal);

    public int Count => _values.Count;

    public IEnumerable<KeyValuePair<string, ConfigSetting>> Entries => _values;

    public ConfigSetting? this[string keyword] => _values.GetValueOrDefault(keyword);

    public bool TryGet(string keyword, out ConfigSetting setting) => _values.TryGetValue(keyword, out setting!);

    public void Set(string keyword, ConfigSetting setting) => _values[keyword] = setting;

    /// <summary>Copies every value of <paramref name="later"/> over this set (later wins).</summary>
    public void MergeFrom(AttributeSet later)
    {
        foreach (var (name, setting) in later._values)
        {
            _values[name] = setting;
        }
    }

    public AttributeSet Clone()
    {
        var copy = new AttributeSet();
        copy.MergeFrom(this);
        return copy;
    }
}
