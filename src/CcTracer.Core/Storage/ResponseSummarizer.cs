using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Json;
using CcTracer.Turns;

namespace CcTracer.Storage;

/// <summary>
/// The summary of an <c>api_response</c> the log writer has just written, made from the record
/// and its <see cref="ApiTurn"/> in memory: the same JSON, byte for byte, that
/// <see cref="RecordSummarizer"/> makes from the stored line (docs/http-api.md, "Record summary"),
/// without serializing the record a second time to read it back.
/// </summary>
/// <remarks>
/// Only what a row shows is read: no body, no event offsets, and of a long text held as
/// <see cref="ChunkedText"/> only its start.
/// </remarks>
internal static class ResponseSummarizer
{
    // A preview shows 200 characters; 4 KB of UTF-8 always holds them.
    private const int HeadBytes = 4096;

    /// <summary>The summary of <paramref name="record"/> written as line <paramref name="seq"/> of <paramref name="lineBytes"/> bytes.</summary>
    public static byte[] Summarize(ApiResponseRecord record, long seq, long lineBytes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, RelaxedJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", seq);
            writer.WriteString("type", record.Type);
            writer.WriteString("ts", RecordSerializer.Timestamp(record));
            writer.WriteString("session_id", record.SessionId);
            writer.WriteNumber("bytes", lineBytes);
            writer.WriteString("exchange_id", record.ExchangeId);
            writer.WriteNumber("status", record.Status);
            writer.WriteBoolean("complete", record.RecordedComplete);
            writer.WriteString("error", record.RecordedError);
            writer.WriteBoolean("streamed", record.Streamed);
            if (record.TransportError is not null)
            {
                writer.WriteString("transport_error", record.TransportError);
            }

            if (record.Turn is { } turn)
            {
                WriteTurn(writer, turn);
            }
            else
            {
                writer.WriteStartObject("timings");
                ApiResponseRecord.WriteMs(writer, "ttfb_ms", record.TimeToFirstByte);
                ApiResponseRecord.WriteMs(writer, "total_ms", record.Total);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteTurn(Utf8JsonWriter writer, ApiTurn turn)
    {
        if (turn.IsDamaged)
        {
            writer.WriteBoolean("damaged", true);
        }

        if (turn.ErrorObject is { } apiError)
        {
            writer.WriteStartObject("api_error");
            CopyScalars(writer, apiError, "type", "message");
            writer.WriteEndObject();
        }

        writer.WriteStartObject("timings");
        ApiTurn.WriteMilliseconds(writer, "ttfb_ms", turn.Timings.TimeToFirstByte);
        ApiTurn.WriteMilliseconds(writer, "ttft_ms", turn.Timings.TimeToFirstToken);
        ApiTurn.WriteMilliseconds(writer, "total_ms", turn.Timings.Total);
        writer.WriteEndObject();
        if (turn.Usage is { } usage)
        {
            writer.WriteStartObject("usage");
            CopyScalars(writer, usage, "input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens");
            writer.WriteEndObject();
        }

        turn.ReadHeldMessage(writer, WriteMessage);
    }

    private static void WriteMessage(JsonObject? message, Utf8JsonWriter writer)
    {
        if (message is null)
        {
            return;
        }

        CopyScalars(writer, message, "model", "stop_reason");
        var preview = new TurnPreview();
        if (message["content"] is JsonArray content)
        {
            foreach (var block in content)
            {
                if (block is JsonObject b)
                {
                    Add(preview, b);
                }
            }
        }

        preview.Write(writer);
    }

    private static void Add(TurnPreview preview, JsonObject block)
    {
        var type = StringOf(block["type"]);
        if (type == "thinking")
        {
            preview.Thinking(HeadOf(block["thinking"]) is { Length: > 0 });
        }
        else if (type is "tool_use" or "server_tool_use" && StringOf(block["id"]) is { } id)
        {
            preview.ToolUse(id, StringOf(block["name"]), block["input"] is JsonObject input ? FirstHead(input) : null);
        }
        else if (preview.WantsText && type == "text")
        {
            preview.Text(HeadOf(block["text"]));
        }
    }

    private static string? FirstHead(JsonObject input)
    {
        foreach (var name in RecordSummarizer.ToolInputPreviewFields)
        {
            if (HeadOf(input[name]) is { Length: > 0 } head)
            {
                return head;
            }
        }

        return null;
    }

    /// <summary>A string value in full (ids and names are short), or null for anything else.</summary>
    private static string? StringOf(JsonNode? node)
        => node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.TryGetValue(out string? s) ? s : null;

    /// <summary>Enough of a string value for a preview, or null for anything else.</summary>
    private static string? HeadOf(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue(out ChunkedText? text))
        {
            return text.Head(HeadBytes);
        }

        // One character past the preview keeps "longer than a preview" visible, as the line's head does.
        return StringOf(value) is { } s && s.Length > RecordSummarizer.PreviewChars + 1 ? s[..(RecordSummarizer.PreviewChars + 1)] : StringOf(value);
    }

    /// <summary>Writes each named property that is a string, number, boolean or null, as the stored line holds it.</summary>
    private static void CopyScalars(Utf8JsonWriter writer, JsonObject from, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (!from.TryGetPropertyValue(name, out var node))
            {
                continue;
            }

            if (node is null)
            {
                writer.WriteNull(name);
            }
            else if (node is JsonValue value && !value.TryGetValue(out ChunkedText? _))
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }
    }
}
