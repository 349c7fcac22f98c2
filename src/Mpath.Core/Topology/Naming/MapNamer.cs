namespace Mpath.Core.Topology.Naming;

/// <summary>A map name and where it came from.</summary>
public sealed record MapName(string Name, MapNameSource Source, string? Note = null);

public enum MapNameSource
{
    /// <summary>The <c>alias</c> of the multipaths section entry.</summary>
    Configured,
    /// <summary>An existing line of the bindings file.</summary>
    Binding,
    /// <summary>A new user-friendly name, added to the bindings.</summary>
    NewBinding,
    /// <summary>The WWID itself.</summary>
    Wwid,
}

/// <summary>
/// Chooses map names: the multipaths-section alias wins; with user_friendly_names, the WWID's
/// binding, else the lowest free name which is added to <see cref="Bindings"/> (the caller writes
/// <see cref="BindingsFile.Format"/> back when <see cref="BindingsChanged"/>); otherwise, or when
/// no name can be had, the WWID. One instance per assembly run; not thread-safe.
/// </summary>
public sealed class MapNamer(BindingsFile bindings, bool bindingsReadOnly = false, Func<string, string?>? existingMapWwid = null)
{
    public BindingsFile Bindings { get; private set; } = bindings;

    public bool BindingsChanged { get; private set; }

    /// <summary>A namer with no bindings, for dry runs.</summary>
    public static MapNamer InMemory() => new(BindingsFile.Empty);

    public MapName Name(string wwid, MapSettings settings)
    {
        if (!string.IsNullOrEmpty(settings.Alias))
            return new MapName(settings.Alias, MapNameSource.Configured);
        if (!settings.UserFriendlyNames)
            return new MapName(wwid, MapNameSource.Wwid);

        var existing = Bindings.ForWwid(wwid);
        if (existing is not null)
        {
            return IsTakenByOtherMap(existing.Alias, wwid)
                ? new MapName(wwid, MapNameSource.Wwid, $"bound alias '{existing.Alias}' is in use by another map")
                : new MapName(existing.Alias, MapNameSource.Binding);
        }
        if (bindingsReadOnly)
            return new MapName(wwid, MapNameSource.Wwid, "bindings file is read-only");
        var id = Bindings.FreeId(settings.AliasPrefix, alias => IsTakenByOtherMap(alias, wwid));
        if (id <= 0)
            return new MapName(wwid, MapNameSource.Wwid, "no more available user_friendly_names");
        var name = UserFriendlyName.Format(settings.AliasPrefix, id);
        Bindings = Bindings.With(name, wwid);
        BindingsChanged = true;
        return new MapName(name, MapNameSource.NewBinding);
    }

    private bool IsTakenByOtherMap(string alias, string wwid)
    {
        var owner = existingMapWwid?.Invoke(alias);
        return owner is not null && owner != wwid;
    }
}
