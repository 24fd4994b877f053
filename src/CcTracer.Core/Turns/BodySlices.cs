using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using CcTracer.Buffers;
using CcTracer.Json;

namespace CcTracer.Turns;

/// <summary>
/// A text or thinking block as the places in the kept body where its deltas' JSON string contents
/// are (escaped, exactly as the API sent them): 16 bytes a delta instead of a copy of the text.
/// The text is unescaped only when it is written or read, one delta at a time, as the copying
/// path does on arrival.
/// </summary>
internal sealed class BodySlices : IDisposable
{
    private const int RecordSize = 16;

    private readonly BodyTextSource _source;

    // (start, length) pairs; 64 KB chunks are a multiple of 16, so a pair never straddles two.
    private readonly ChunkedBuffer _records = new();
    private byte[]? _scratch;

    public BodySlices(BodyTextSource source) => _source = source;

    /// <summary>Bytes of escaped JSON string content referred to: at least the UTF-8 length of the text.</summary>
    public long EscapedLength { get; private set; }

    public int Count => (int)(_records.Length / RecordSize);

    /// <summary>Refers to the string content at <paramref name="start"/> (just after its opening quote).</summary>
    public void Add(long start, int length)
    {
        Span<byte> record = stackalloc byte[RecordSize];
        BinaryPrimitives.WriteInt64LittleEndian(record, start);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], length);
        _records.Write(record);
        EscapedLength += length;
    }

    /// <summary>
    /// Writes the text as one JSON string value, in pieces; with <paramref name="rawOutput"/> (the
    /// buffer under <paramref name="writer"/>, given only when the body is valid UTF-8, so every
    /// delta is too), the deltas' escaped bytes are copied straight in instead of being unescaped
    /// and escaped again.
    /// </summary>
    public void WriteValue(Utf8JsonWriter writer, IBufferWriter<byte>? rawOutput)
    {
        _source.EnsureReadable();
        if (rawOutput is { } output)
        {
            WriteRaw(writer, output);
            return;
        }

        for (var i = 0; i < Count; i++)
        {
            LongJsonString.WritePieces(writer, Unescaped(i));
        }

        writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
    }

    /// <summary>Unescapes the text into <paramref name="into"/>, stopping once it holds at least <paramref name="maxBytes"/>.</summary>
    public void CopyTo(ChunkedBuffer into, long maxBytes = long.MaxValue)
    {
        _source.EnsureReadable();
        for (var i = 0; i < Count && into.Length < maxBytes; i++)
        {
            into.Write(Unescaped(i));
        }
    }

    /// <summary>The whole text as a string.</summary>
    public string Decode()
    {
        using var utf8 = new ChunkedBuffer();
        CopyTo(utf8);
        return ChunkedText.Decode(utf8.AsSequence());
    }

    // The deltas' contents, concatenated, are the text's JSON string content (escaping is per
    // character), so they go into the output as they are.
    private void WriteRaw(Utf8JsonWriter writer, IBufferWriter<byte> output)
    {
        RawJsonString.OpenString(writer);
        for (var i = 0; i < Count; i++)
        {
            var (start, length) = Slice(i);
            for (var end = start + length; start < end;)
            {
                var run = _source.Body.Peek(start, end);
                output.Write(run);
                start += run.Length;
            }
        }

        RawJsonString.CloseString(output);
    }

    private (long Start, int Length) Slice(int i)
    {
        var record = _records.Peek((long)i * RecordSize, ((long)i + 1) * RecordSize);
        return (BinaryPrimitives.ReadInt64LittleEndian(record), (int)BinaryPrimitives.ReadInt64LittleEndian(record[8..]));
    }

    public void Dispose()
    {
        _records.Dispose();
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }

    // One delta's content, unescaped: the quoted token is read back from the body (a few bytes
    // copied when it straddles two chunks) and unescaped into reused scratch if it has escapes.
    private ReadOnlySpan<byte> Unescaped(int i)
    {
        var (start, length) = Slice(i);
        var tokenLength = length + 2;
        var token = _source.Body.Peek(start - 1, start - 1 + tokenLength);
        if (token.Length < tokenLength)
        {
            var copy = Scratch(tokenLength * 2)[..tokenLength];
            _source.Body.CopyTo(start - 1, copy);
            token = copy;
        }

        var reader = new Utf8JsonReader(token);
        reader.Read();
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        // After the token copy, if any: unescaping never lengthens a JSON string.
        var unescaped = Scratch(tokenLength * 2)[tokenLength..];
        return unescaped[..reader.CopyString(unescaped)];
    }

    private Span<byte> Scratch(int size)
    {
        if (_scratch is null || _scratch.Length < size)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = ArrayPool<byte>.Shared.Rent(size);
        }

        return _scratch;
    }
}
