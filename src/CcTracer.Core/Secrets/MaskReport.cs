using System.Text.Json;

namespace CcTracer.Secrets;

/// <summary>
/// What masking changed in one record: written as its <c>masked</c> list and <c>body_masked</c>
/// flag, so a reader can audit what the stored bytes no longer hold.
/// </summary>
internal sealed class MaskReport
{
    private readonly List<MaskedSecret> _items = [];

    public IReadOnlyList<MaskedSecret> Items => _items;

    /// <summary>Whether the stored body (or hook payload) differs from the bytes that went over the wire.</summary>
    public bool BodyMasked { get; set; }

    /// <summary>Notes a masked secret; one secret masked twice in one place is listed once.</summary>
    public void Add(string where, string kind, string hash)
    {
        var item = new MaskedSecret(where, kind, hash);
        if (!_items.Contains(item))
        {
            _items.Add(item);
        }
    }

    /// <summary>Writes <c>"masked":[…]</c> and <c>"body_masked":true</c>, each only when there is something to say.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        if (_items.Count > 0)
        {
            writer.WriteStartArray("masked");
            foreach (var item in _items)
            {
                writer.WriteStartObject();
                writer.WriteString("where", item.Where);
                writer.WriteString("kind", item.Kind);
                writer.WriteString("hash", item.Hash);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (BodyMasked)
        {
            writer.WriteBoolean("body_masked", true);
        }
    }
}
