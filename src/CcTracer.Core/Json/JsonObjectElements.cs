using System.Text.Json;

namespace CcTracer.Json;

/// <summary>
/// The elements of a JSON array that are objects, in order, each as a <see cref="JsonObjectView"/>
/// valid until the next (elements of other kinds are skipped, as a summary ignores them). Used
/// with <c>foreach</c>, which disposes the last view.
/// </summary>
internal ref struct JsonObjectElements
{
    private readonly ReadOnlySpan<byte> _json;
    private readonly int _offset;
    private Utf8JsonReader _reader;
    private bool _done;

    /// <summary>The object elements of <paramref name="array"/>; none when it is not an array.</summary>
    public JsonObjectElements(ReadOnlySpan<byte> json, JsonSlice array)
    {
        _json = json;
        _offset = array.Start;
        _done = !array.IsArray;
        if (!_done)
        {
            _reader = array.Open(json);
        }
    }

    public JsonObjectView Current { get; private set; }

    public readonly JsonObjectElements GetEnumerator() => this;

    public bool MoveNext()
    {
        Dispose();
        while (!_done && _reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
        {
            if (_reader.TokenType == JsonTokenType.StartObject)
            {
                Current = JsonObjectView.Read(_json, ref _reader, _offset);
                return true;
            }

            _reader.Skip();
        }

        _done = true;
        return false;
    }

    public void Dispose()
    {
        Current.Dispose();
        Current = default;
    }
}
