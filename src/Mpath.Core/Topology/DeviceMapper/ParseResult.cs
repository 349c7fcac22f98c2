namespace Mpath.Core.Topology.DeviceMapper;

/// <summary>A parsed value, or why the text could not be parsed. Parsers return this instead of throwing.</summary>
public sealed record ParseResult<T>(T? Value, string? Error)
    where T : class
{
    public bool Success => Value is not null;
}

public static class ParseResult
{
    public static ParseResult<T> Ok<T>(T value) where T : class => new(value, null);

    public static ParseResult<T> Fail<T>(string error) where T : class => new(null, error);
}

/// <summary>Reads a whitespace-separated dm parameter string word by word, reporting where it ran short.</summary>
internal sealed class WordReader(string text)
{
    private readonly string[] _words = text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
    private int _next;

    public int Remaining => _words.Length - _next;

    public IReadOnlyList<string> Rest() => _words[_next..];

    public bool TryWord(out string word)
    {
        if (_next >= _words.Length)
        {
            word = "";
            return false;
        }
        word = _words[_next++];
        return true;
    }

    /// <summary>A non-negative count; callers allocate only as items are actually read, so garbage cannot force a huge allocation.</summary>
    public bool TryCount(out int count) => TryNumber(out count);

    public bool TryNumber(out int value)
    {
        value = 0;
        if (_next >= _words.Length || !int.TryParse(_words[_next], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value))
            return false;
        _next++;
        return true;
    }

    public bool TryWords(int count, out IReadOnlyList<string> words)
    {
        if (count < 0 || count > Remaining)
        {
            words = [];
            return false;
        }
        words = _words[_next..(_next + count)];
        _next += count;
        return true;
    }

    public string Position => _next < _words.Length ? $"word {_next + 1} ('{_words[_next]}')" : $"end of input after {_words.Length} words";
}
