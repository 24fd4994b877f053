using CcTracer.Buffers;
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CcTracer.Json;

/// <summary>
/// The unescaped UTF-8 of one JSON string value: the stored bytes themselves when it has no
/// escapes, else a copy in a pooled buffer that <see cref="Dispose"/> returns.
/// </summary>
internal ref struct JsonText : IDisposable
{
    private byte[]? _rented;

    private JsonText(ReadOnlySpan<byte> utf8, byte[]? rented, bool decoded)
    {
        Utf8 = utf8;
        _rented = rented;
        IsDecoded = decoded;
    }

    /// <summary>The text; empty when it is not <see cref="IsDecoded"/>.</summary>
    public ReadOnlySpan<byte> Utf8 { get; private set; }

    /// <summary>False for a string whose escapes do not decode (a lone surrogate, <c>"\ud800"</c>).</summary>
    public bool IsDecoded { get; }

    /// <summary>The text of a string slice of <paramref name="json"/>.</summary>
    public static JsonText Of(ReadOnlySpan<byte> json, JsonSlice value)
    {
        var reader = value.Open(json);
        if (!reader.ValueIsEscaped)
        {
            return new JsonText(reader.ValueSpan, null, decoded: true);
        }

        // Unescaping never lengthens a string.
        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var written = reader.CopyString(rented);
            return new JsonText(rented.AsSpan(0, written), rented, decoded: true);
        }
        catch (InvalidOperationException)
        {
            SharedPool.Return(rented);
            return new JsonText([], null, decoded: false);
        }
    }

    /// <summary>
    /// The string, or for a long one its first characters: at least <paramref name="chars"/> + 1,
    /// so the caller can still tell that it was longer than <paramref name="chars"/>. A 100 KB
    /// answer is not decoded whole to show 200 characters of it.
    /// </summary>
    public readonly string Head(int chars)
    {
        // A UTF-16 char takes at most 3 UTF-8 bytes, so this many bytes, less a split code
        // point at the end, still hold more than `chars` of them.
        var take = (chars + 2) * 3;
        var utf8 = Utf8;
        if (utf8.Length > take)
        {
            while (take > 0 && (utf8[take] & 0xC0) == 0x80)
            {
                take--;
            }

            utf8 = utf8[..take];
        }

        return Encoding.UTF8.GetString(utf8);
    }

    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            Utf8 = [];
            SharedPool.Return(rented);
        }
    }
}
