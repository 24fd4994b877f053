using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using CcTracer.Decoding;
using CcTracer.Json;
using CcTracer.Turns;

namespace CcTracer.Storage;

/// <summary>
/// Turns a v2 line into the record v1 readers know (docs/record-schema.md): a body kept as chunks
/// becomes <c>body</c>/<c>body_text</c>/<c>body_base64</c> again (decoded, for a response that came
/// encoded), and a streamed response's <c>message</c>, not stored because the SSE holds every byte
/// of it, is rebuilt from the stream.
/// </summary>
internal static class RecordMaterializer
{
    /// <summary>Whether a stored record needs materializing at all (v1 lines and small records do not).</summary>
    public static bool IsNeeded(JsonElement stored)
        => stored.TryGetProperty("body_chunks", out _) || stored.TryGetProperty("message_from_body", out _);

    /// <summary>
    /// A stored line as readers see it: itself, or for a v2 record whose body is kept as chunks,
    /// the v1-shaped line (what summaries, search and the record endpoint work on).
    /// </summary>
    public static ReadOnlySpan<byte> Readable(ReadOnlyMemory<byte> stored, ChunkSource chunks)
    {
        var span = stored.Span;
        if (span.IndexOf("\"body_chunks\":"u8) < 0 && span.IndexOf("\"message_from_body\":"u8) < 0)
        {
            return span;
        }

        return StoredRecord.TryParse(stored.ToArray(), out _, chunks) is { } record ? record.Line.Span : span;
    }

    /// <summary>The exact bytes the chunks hold (wire bytes for a response), or <see langword="null"/> when a chunk is missing.</summary>
    public static byte[]? ExactBody(JsonElement stored, ChunkSource? chunks)
    {
        if (chunks is null || !stored.TryGetProperty("body_chunks", out _)
            || !stored.TryGetProperty("seq", out var s) || !s.TryGetInt64(out var seq))
        {
            return null;
        }

        var length = stored.TryGetProperty("body_bytes", out var b) && b.TryGetInt64(out var n) ? n : 0;
        return chunks.Ids(seq) is { } ids ? chunks.Join(ids, length) : null;
    }

    /// <summary>The v1-shaped line of a v2 record.</summary>
    public static byte[] Materialize(JsonElement stored, ChunkSource? chunks)
    {
        var exact = ExactBody(stored, chunks);
        var isResponse = stored.TryGetProperty("type", out var type) && type.ValueEquals(RecordTypes.ApiResponse);
        var streamed = stored.TryGetProperty("streamed", out var s) && s.ValueKind == JsonValueKind.True;
        var truncated = stored.TryGetProperty("body_truncated", out var t) && t.ValueKind == JsonValueKind.True;
        var decoded = exact is null ? null : Decoded(stored, exact);

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(int.MaxValue / 2, (decoded?.Length ?? 0) * 2L + 1024));
        using (var writer = new Utf8JsonWriter(buffer, RelaxedJson.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in stored.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "body_bytes" or "body_truncated" or "body_encoded" or "body_chunks_from" when stored.TryGetProperty("body_chunks", out _):
                        break;
                    case "body_chunks":
                        WriteBody(writer, decoded, isResponse && streamed, truncated);
                        break;
                    case "message_from_body":
                        writer.WritePropertyName("message");
                        WriteDerivedMessage(writer, decoded);
                        break;
                    default:
                        property.WriteTo(writer);
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Decoded(JsonElement stored, byte[] exact)
    {
        if (!stored.TryGetProperty("body_encoded", out var e) || e.ValueKind != JsonValueKind.True
            || !stored.TryGetProperty("content_encoding", out var coding))
        {
            return exact;
        }

        try
        {
            return ContentDecoding.Decode(exact, coding.GetString());
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException)
        {
            // It decoded when it was captured; a body that no longer does is shown as stored.
            return exact;
        }
    }

    private static void WriteBody(Utf8JsonWriter writer, byte[]? body, bool streamed, bool truncated)
    {
        if (body is null)
        {
            writer.WriteNumber("body_bytes", 0);
            writer.WriteString("body_missing", "a chunk of this body is not in the file");
            return;
        }

        if (!streamed)
        {
            BodyJson.Write(writer, body, truncated);
            return;
        }

        // As v1 wrote a streamed body: always text when it is UTF-8, even when empty.
        writer.WriteNumber("body_bytes", body.Length);
        if (truncated)
        {
            writer.WriteBoolean("body_truncated", true);
        }

        if (Utf8.IsValid(body))
        {
            LongJsonString.WriteProperty(writer, "body_text", body);
        }
        else
        {
            writer.WriteBase64String("body_base64", body);
        }
    }

    private static void WriteDerivedMessage(Utf8JsonWriter writer, byte[]? sse)
    {
        if (sse is null)
        {
            writer.WriteNullValue();
            return;
        }

        // The message depends only on the events, not on how they were split on arrival, so
        // feeding the whole stream at once rebuilds what capture built.
        var assembler = new TurnAssembler();
        assembler.Append(sse, TimeSpan.Zero);
        assembler.Complete(TimeSpan.Zero).WriteMessage(writer);
    }
}
