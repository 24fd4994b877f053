using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CcTracer.Buffers;

namespace CcTracer.Storage;

/// <summary>Turns a <see cref="TraceRecord"/> into the bytes of its line, minus the envelope.</summary>
internal static class RecordSerializer
{
    // Relaxed escaping keeps prompts and code readable in the file; the UI renders captured text
    // with textContent, so HTML-sensitive characters need no escaping here.
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    // Records up to this size become one exact array; larger ones stay in pooled chunks.
    private const int ContiguousLimit = 64 * 1024;

    // Long strings are written in pieces this size, so the writer's escaping reserve stays bounded.
    private const int Piece = 16 * 1024;

    /// <summary>Serializes the record as <c>"type":…,"ts":…,"session_id":…,FIELDS}</c>.</summary>
    public static byte[] SerializeFields(TraceRecord record)
    {
        using var fields = Serialize(record);
        return fields.ToArray();
    }

    /// <summary>
    /// Serializes the record like <see cref="SerializeFields"/>, keeping a large record in the pooled
    /// chunks it was written into; the caller owns (and disposes) the result.
    /// </summary>
    public static RecordFields Serialize(TraceRecord record)
    {
        var buffer = new SegmentedBufferWriter();
        try
        {
            WriteRecord(buffer, record);

            // Drop the leading '{': the writer adds it back with the envelope in front.
            return buffer.Detach(skip: 1, ContiguousLimit);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Serializes only what a summary reads (see <see cref="TraceRecord.WriteSummaryFields"/>), as one small array.</summary>
    public static byte[] SerializeSummaryFields(TraceRecord record)
    {
        using var buffer = new SegmentedBufferWriter();
        WriteRecord(buffer, record, summaryOnly: true);
        return buffer.ToArray(skip: 1);
    }

    /// <summary>
    /// Serializes the record as <c>{"type":…,FIELDS}</c> into <paramref name="output"/>, leading
    /// brace included; the log writer uses it to write a deferred record straight into the file.
    /// </summary>
    public static void WriteRecord(IBufferWriter<byte> output, TraceRecord record, bool summaryOnly = false)
    {
        record.RawOutput = summaryOnly ? null : output;
        try
        {
            WriteRecordCore(output, record, summaryOnly);
        }
        finally
        {
            record.RawOutput = null;
        }
    }

    private static void WriteRecordCore(IBufferWriter<byte> output, TraceRecord record, bool summaryOnly)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("type", record.Type);
        writer.WriteString("ts", record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("session_id", record.SessionId);
        if (summaryOnly)
        {
            record.WriteSummaryFields(writer);
        }
        else
        {
            record.WriteFields(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the envelope that opens a line: <c>{"v":1,"seq":N,</c>.</summary>
    public static void WriteEnvelope(IBufferWriter<byte> output, long seq)
    {
        Span<byte> head = stackalloc byte[48];
        var prefix = "{\"v\":1,\"seq\":"u8;
        prefix.CopyTo(head);
        var n = prefix.Length;
        seq.TryFormat(head[n..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        n += written;
        head[n++] = (byte)',';
        output.Write(head[..n]);
    }

    /// <summary>
    /// Writes <paramref name="utf8"/> as the string value of <paramref name="name"/> in pieces, so
    /// the writer reserves room for one piece's worst-case escaping (6×) instead of the whole
    /// body's: a 100 MB SSE body no longer asks for a 600 MB buffer.
    /// </summary>
    public static void WriteLongString(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= Piece)
        {
            writer.WriteString(name, utf8);
            return;
        }

        writer.WritePropertyName(name);
        WritePieces(writer, utf8);
        writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
    }

    /// <summary>
    /// Writes a chunked body as the string value of <paramref name="name"/>, chunk by chunk, with
    /// the same bounded escaping reserve as <see cref="WriteLongString(Utf8JsonWriter, string, ReadOnlySpan{byte})"/>.
    /// </summary>
    public static void WriteLongString(Utf8JsonWriter writer, string name, in ReadOnlySequence<byte> utf8)
    {
        if (utf8.IsSingleSegment)
        {
            WriteLongString(writer, name, utf8.FirstSpan);
            return;
        }

        writer.WritePropertyName(name);
        WriteLongStringValue(writer, utf8);
    }

    /// <summary>Writes a chunked UTF-8 text as one JSON string value, in pieces (see <see cref="WriteLongString(Utf8JsonWriter, string, ReadOnlySpan{byte})"/>).</summary>
    public static void WriteLongStringValue(Utf8JsonWriter writer, in ReadOnlySequence<byte> utf8)
    {
        foreach (var memory in utf8)
        {
            WritePieces(writer, memory.Span);
        }

        writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
    }

    /// <summary>Writes non-final string segments of at most <see cref="Piece"/> bytes.</summary>
    internal static void WritePieces(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            // Pieces may split a UTF-8 sequence; the writer carries the partial code point over.
            var piece = utf8[..Math.Min(Piece, utf8.Length)];
            writer.WriteStringValueSegment(piece, isFinalSegment: false);
            utf8 = utf8[piece.Length..];
        }
    }

    /// <summary>The whole line (without newline) of a pending record.</summary>
    public static byte[] ToLine(long seq, ReadOnlySpan<byte> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(fields.Length + 48);
        WriteEnvelope(buffer, seq);
        buffer.Write(fields);
        return buffer.WrittenSpan.ToArray();
    }
}
