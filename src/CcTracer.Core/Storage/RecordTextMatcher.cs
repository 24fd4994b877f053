using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>
/// Finds text in stored records the way the user typed it. Records hold JSON-escaped text, so
/// the needle is compared against every decoded string (values and names) and every number:
/// quotes and newlines in a prompt still match. A line is decoded into reused buffers, token by
/// token, so searching a 200 MB session allocates neither a copy of each line nor a string per
/// value.
/// </summary>
internal sealed class RecordTextMatcher : IDisposable
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 512 };
    private readonly string _needle;
    private char[] _chars = ArrayPool<char>.Shared.Rent(1024);
    private byte[] _unescaped = ArrayPool<byte>.Shared.Rent(1024);

    public RecordTextMatcher(string needle) => _needle = needle;

    /// <summary>
    /// The <c>seq</c> of <paramref name="line"/> if it is a record (one JSON object, as
    /// <see cref="SessionLogReader.ReadAsync"/> yields) whose text contains the needle (ordinal,
    /// ignoring case); 0 otherwise, as for a record without a usable <c>seq</c>.
    /// </summary>
    public long MatchingSeq(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, Options);
        long seq = 0;
        var found = false;
        var seqNext = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            // Read to the end even after a match: a line that turns out not to be JSON is no record.
            while (reader.Read())
            {
                if (seqNext)
                {
                    // The last "seq" wins, as JsonElement.TryGetProperty finds it.
                    seq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s) ? s : 0;
                    seqNext = false;
                }

                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("seq"u8))
                {
                    seqNext = true;
                }

                found = found || reader.TokenType switch
                {
                    JsonTokenType.String or JsonTokenType.PropertyName => StringContains(ref reader),
                    JsonTokenType.Number => Contains(reader.ValueSpan),
                    _ => false,
                };
            }
        }
        catch (JsonException)
        {
            return 0;
        }

        return found ? seq : 0;
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_chars);
        ArrayPool<byte>.Shared.Return(_unescaped);
        _chars = [];
        _unescaped = [];
    }

    private bool StringContains(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Contains(reader.ValueSpan);
        }

        Grow(ref _unescaped, reader.ValueSpan.Length);
        try
        {
            return Contains(_unescaped.AsSpan(0, reader.CopyString(_unescaped)));
        }
        catch (InvalidOperationException)
        {
            // Escapes that do not decode (a lone surrogate): no text to match.
            return false;
        }
    }

    private bool Contains(ReadOnlySpan<byte> utf8)
    {
        Grow(ref _chars, utf8.Length);
        var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
        return chars.Contains(_needle, StringComparison.OrdinalIgnoreCase);
    }

    private static void Grow<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            ArrayPool<T>.Shared.Return(buffer);
            buffer = ArrayPool<T>.Shared.Rent(length);
        }
    }
}
