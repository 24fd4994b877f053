using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CcTracer.Json;

/// <summary>
/// The properties of one JSON object, found in a single walk of its UTF-8 text and looked up by
/// name as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> does (names compared
/// unescaped, the last of duplicate names wins), without copying the text or building a DOM.
/// </summary>
internal ref struct JsonObjectView : IDisposable
{
    private readonly ReadOnlySpan<byte> _json;
    private Property[]? _properties;
    private int _count;

    private JsonObjectView(ReadOnlySpan<byte> json, Property[] properties)
    {
        _json = json;
        _properties = properties;
    }

    /// <summary>
    /// Walks the object the reader is on through its closing brace (a walk that fails throws,
    /// as reading the object into a <see cref="JsonDocument"/> would).
    /// </summary>
    /// <param name="json">The text slices refer to.</param>
    /// <param name="reader">A reader on a <c>{</c> token.</param>
    /// <param name="offset">Where the reader's text starts in <paramref name="json"/>.</param>
    public static JsonObjectView Read(ReadOnlySpan<byte> json, scoped ref Utf8JsonReader reader, int offset)
    {
        var view = new JsonObjectView(json, ArrayPool<Property>.Shared.Rent(16));
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = offset + checked((int)reader.TokenStartIndex);
                var nameLength = reader.ValueSpan.Length;
                var escaped = reader.ValueIsEscaped;
                reader.Read();
                view.Add(new Property(nameStart, nameLength, escaped, JsonSlice.Take(ref reader, offset)));
            }
        }
        catch
        {
            view.Dispose();
            throw;
        }

        return view;
    }

    /// <summary>A view of the object a slice holds (empty when it holds something else).</summary>
    public static JsonObjectView Of(ReadOnlySpan<byte> json, JsonSlice value)
    {
        if (!value.IsObject)
        {
            return new JsonObjectView(json, []);
        }

        var reader = value.Open(json);
        return Read(json, ref reader, value.Start);
    }

    /// <summary>The value of the named property; <see langword="false"/> when there is none.</summary>
    public readonly bool TryGetProperty(string name, out JsonSlice value)
    {
        Span<byte> utf8 = stackalloc byte[64];
        var length = Encoding.UTF8.GetBytes(name, utf8);
        for (var i = _count - 1; i >= 0; i--)
        {
            if (NameEquals(_properties![i], utf8[..length]))
            {
                value = _properties[i].Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The value of the named property, or the missing slice.</summary>
    public readonly JsonSlice this[string name] => TryGetProperty(name, out var value) ? value : default;

    public void Dispose()
    {
        if (_properties is { Length: > 0 } properties)
        {
            ArrayPool<Property>.Shared.Return(properties);
        }

        _properties = null;
        _count = 0;
    }

    private void Add(Property property)
    {
        if (_count == _properties!.Length)
        {
            var grown = ArrayPool<Property>.Shared.Rent(_count * 2);
            _properties.AsSpan(0, _count).CopyTo(grown);
            ArrayPool<Property>.Shared.Return(_properties);
            _properties = grown;
        }

        _properties[_count++] = property;
    }

    private readonly bool NameEquals(Property property, ReadOnlySpan<byte> name)
    {
        if (!property.Escaped)
        {
            // The name token starts at its opening quote.
            return _json.Slice(property.NameStart + 1, property.NameLength).SequenceEqual(name);
        }

        // A quoted name is also a JSON string value: read it as one to compare it unescaped.
        var reader = new JsonSlice(property.NameStart, property.NameLength + 2, JsonTokenType.String).Open(_json);
        return reader.ValueTextEquals(name);
    }

    private readonly record struct Property(int NameStart, int NameLength, bool Escaped, JsonSlice Value);
}
