using System.Buffers;
using System.Text.Json;
using CcTracer.Buffers;
using CcTracer.Json;

namespace CcTracer.Storage;

/// <summary>Turns a <see cref="TraceRecord"/> into the bytes of its line, minus the envelope.</summary>
internal static class RecordSerializer
{
    // Records up to this size become one exact array; larger ones stay in pooled chunks.
    private const int ContiguousLimit = 64 * 1024;

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

            // Drop the leading '{': the writer adds it back with the envelope in front. A small
            // record becomes one exact array (its chunks go back to the pool at once); a large one
            // keeps the chunks it was written into, handed over without a copy.
            var length = buffer.Length - 1;
            if (length <= ContiguousLimit)
            {
                var array = buffer.ToArray(skip: 1);
                buffer.Dispose();
                return RecordFields.FromArray(array);
            }

            return RecordFields.FromPooledChunks(buffer.DetachChunks(skip: 1), length);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Serializes the record as <c>{"type":…,FIELDS}</c> into <paramref name="output"/>, leading
    /// brace included; the log writer uses it to write a deferred record straight into the file.
    /// </summary>
    public static void WriteRecord(IBufferWriter<byte> output, TraceRecord record)
    {
        using var writer = new Utf8JsonWriter(output, RelaxedJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("type", record.Type);
        writer.WriteString("ts", Timestamp(record));
        writer.WriteString("session_id", record.SessionId);
        record.WriteFields(writer, rawOutput: output);
        record.Masking?.Write(writer);

        writer.WriteEndObject();
    }

    /// <summary>A record's <c>ts</c>: UTC to the millisecond.</summary>
    public static string Timestamp(TraceRecord record)
        => record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes the envelope that opens a line: <c>{"v":2,"seq":N,</c>.</summary>
    public static void WriteEnvelope(IBufferWriter<byte> output, long seq)
    {
        Span<byte> head = stackalloc byte[48];
        var prefix = "{\"v\":2,\"seq\":"u8;
        prefix.CopyTo(head);
        var n = prefix.Length;
        seq.TryFormat(head[n..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        n += written;
        head[n++] = (byte)',';
        output.Write(head[..n]);
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
