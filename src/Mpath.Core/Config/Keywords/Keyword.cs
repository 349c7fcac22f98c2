namespace Mpath.Core.Config.Keywords;

/// <summary>
/// One multipath.conf keyword: where it is valid, which value forms it takes, its compiled-in
/// default (null: unset) and how it prints. Data only; <see cref="KeywordValues"/> interprets it.
/// </summary>
public sealed record Keyword(string Name, KeywordScope Scopes, ValueKind Kind, string? Default = null)
{
    /// <summary>Accepted words for <see cref="ValueKind.Choice"/>, canonical forms first.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Accepted spellings that print as another canonical word (yes -> on).</summary>
    public IReadOnlyDictionary<string, string> Synonyms { get; init; } = NoSynonyms;

    public long Min { get; init; } = int.MinValue;
    public long Max { get; init; } = int.MaxValue;

    /// <summary>An mpath extension that multipath-tools does not know.</summary>
    public bool MpathOnly { get; init; }

    /// <summary>Only meaningful in a multipath.conf file: identifies an entry rather than configuring it (vendor, wwid, ...).</summary>
    public bool IsIdentity { get; init; }

    /// <summary>Replaces the default in documentation and explain when it is computed (max_polling_interval).</summary>
    public string? DefaultNote { get; init; }

    public bool IsDeprecated => Kind == ValueKind.Deprecated;

    public bool ValidIn(KeywordScope scope) => (Scopes & scope) != 0;

    private static readonly IReadOnlyDictionary<string, string> NoSynonyms = new Dictionary<string, string>();
}
