using System.Text.Json;

namespace CcTracer.Json;

/// <summary>
/// A JSON object stored in a record either embedded (<c>body</c>, <c>payload</c>: read in place)
/// or as its exact text (<c>body_text</c>, <c>payload_text</c>: unescaped once into a pooled
/// buffer, never into a .NET string). Text that is not one valid JSON value counts as absent,
/// as it did when it was parsed with <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/>.
/// </summary>
internal ref struct EmbeddedJson : IDisposable
{
    private JsonText _text;

    private EmbeddedJson(ReadOnlySpan<byte> json, JsonText text, JsonObjectView value)
    {
        Json = json;
        _text = text;
        Object = value;
        IsObject = true;
    }

    /// <summary>Whether the record holds the value, and it is an object.</summary>
    public bool IsObject { get; }

    /// <summary>The text <see cref="Object"/>'s slices refer to: the record's line, or the unescaped text.</summary>
    public ReadOnlySpan<byte> Json { get; }

    /// <summary>The object; an empty view when there is none.</summary>
    public JsonObjectView Object { get; private set; }

    public static EmbeddedJson Find(ReadOnlySpan<byte> json, in JsonObjectView record, string embeddedName, string textName)
    {
        if (record.TryGetProperty(embeddedName, out var value))
        {
            return value.IsObject ? new EmbeddedJson(json, default, JsonObjectView.Of(json, value)) : default;
        }

        if (!record.TryGetProperty(textName, out var textValue) || !textValue.IsString)
        {
            return default;
        }

        var text = JsonText.Of(json, textValue);
        try
        {
            // Default options: the depth and syntax rules JsonDocument.Parse applied to this text.
            var reader = new Utf8JsonReader(text.Utf8);
            if (!text.IsDecoded || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                text.Dispose();
                return default;
            }

            var view = JsonObjectView.Read(text.Utf8, ref reader, 0);
            try
            {
                // Anything but whitespace after the object makes the text invalid.
                reader.Read();
            }
            catch (JsonException)
            {
                view.Dispose();
                throw;
            }

            return new EmbeddedJson(text.Utf8, text, view);
        }
        catch (JsonException)
        {
            text.Dispose();
            return default;
        }
    }

    public void Dispose()
    {
        Object.Dispose();
        Object = default;
        _text.Dispose();
    }
}
