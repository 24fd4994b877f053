using System.Text.Json;

namespace CcTracer.Json;

/// <summary>
/// Where one JSON value lies in a UTF-8 text (offsets into that text). A summary walks a record
/// once, keeps slices of the few values it needs and reads only those again, instead of
/// copying a 200 KB line into a DOM.
/// </summary>
internal readonly record struct JsonSlice(int Start, int Length, JsonTokenType Kind)
{
    // Slices are taken from text that was already read through once, with the depth limit of its
    // own source (512 for a stored line); reading them again must not fail where that did not.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 512 };

    /// <summary>Whether a value was found (the default slice is "missing").</summary>
    public bool Exists => Length > 0;

    public bool IsObject => Kind == JsonTokenType.StartObject;

    public bool IsArray => Kind == JsonTokenType.StartArray;

    public bool IsString => Kind == JsonTokenType.String;

    /// <summary>A string, number, boolean or null.</summary>
    public bool IsScalar => Exists && Kind is not (JsonTokenType.StartObject or JsonTokenType.StartArray);

    /// <summary>A reader over just this value, positioned on its first token.</summary>
    public Utf8JsonReader Open(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json.Slice(Start, Length), ReaderOptions);
        reader.Read();
        return reader;
    }

    /// <summary>The value the reader is on, read to its end (its children skipped).</summary>
    /// <param name="reader">A reader on the value's first token; left on its last.</param>
    /// <param name="offset">Where the reader's text starts in the text the slice refers to.</param>
    public static JsonSlice Take(ref Utf8JsonReader reader, int offset)
    {
        var kind = reader.TokenType;
        var start = checked((int)reader.TokenStartIndex);
        reader.Skip();
        return new JsonSlice(offset + start, checked((int)reader.BytesConsumed) - start, kind);
    }
}
