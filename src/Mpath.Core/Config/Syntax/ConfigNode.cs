namespace Mpath.Core.Config.Syntax;

/// <summary>A node of a parsed configuration file: a section (with children) or a keyword with its value.</summary>
public abstract record ConfigNode(string Name, string File, int Line);

/// <summary><c>name value</c>. <see cref="Value"/> is null when the line had no value.</summary>
public sealed record ConfigSettingNode(string Name, string? Value, string File, int Line) : ConfigNode(Name, File, Line);

/// <summary><c>name { ... }</c>.</summary>
public sealed record ConfigSectionNode(string Name, string File, int Line, IReadOnlyList<ConfigNode> Children) : ConfigNode(Name, File, Line);
