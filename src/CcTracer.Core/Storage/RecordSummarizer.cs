using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using CcTracer.Json;

namespace CcTracer.Storage;

/// <summary>
/// Computes the small summary of a record that draws one timeline row (docs/http-api.md,
/// "Record summary"), so the UI never has to download bodies it does not open.
/// </summary>
/// <remarks>
/// A session of 2,000 records can be 200 MB; opening it summarises every line. So a line is
/// walked in place (<see cref="JsonObjectView"/>): only the handful of values a summary shows are
/// read again, a preview decodes only its first characters, and an embedded body kept as text is
/// unescaped into a pooled buffer rather than turned into a string and a DOM.
/// </remarks>
internal static class RecordSummarizer
{
    /// <summary>The characters a preview shows before it is cut with an ellipsis.</summary>
    internal const int PreviewChars = 200;

    // The depth the store accepts for a line (StoredRecord reads lines with the same limit).
    private static readonly JsonReaderOptions LineOptions = new() { MaxDepth = 512 };

    public static byte[] SummarizeFields(long seq, ReadOnlySpan<byte> fields) => Summarize(RecordSerializer.ToLine(seq, fields));

    /// <summary>The summary JSON of one stored line; a line that is not a JSON object yields a minimal summary.</summary>
    public static byte[] Summarize(ReadOnlySpan<byte> line) => Summarize(line, line.Length);

    /// <summary>
    /// The summary of a line read in the v1 shape; <paramref name="storedBytes"/> is the size of the
    /// line as stored (a v2 record refers to its body rather than holding it).
    /// </summary>
    public static byte[] Summarize(ReadOnlySpan<byte> line, long storedBytes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(buffer, RelaxedJson.WriterOptions);
        writer.WriteStartObject();
        JsonObjectView root;
        try
        {
            var reader = new Utf8JsonReader(line, LineOptions);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                WriteUnreadable(writer, line.Length, "not a JSON object");
                return Finish(writer, buffer);
            }

            // Like JsonDocument.ParseValue: one value is read, whatever follows it is not.
            root = JsonObjectView.Read(line, ref reader, 0);
        }
        catch (JsonException e)
        {
            WriteUnreadable(writer, line.Length, e.Message);
            return Finish(writer, buffer);
        }

        using (root)
        {
            CopyScalars(writer, line, root, "seq", "type", "ts", "session_id");
            writer.WriteNumber("bytes", storedBytes);
            var type = root["type"];
            if (TextEquals(line, type, RecordTypes.Hook))
            {
                SummarizeHook(writer, line, root);
            }
            else if (TextEquals(line, type, RecordTypes.HookRejected))
            {
                CopyScalar(writer, line, root, "event");
                CopyScalar(writer, line, root, "error", "message");
            }
            else if (TextEquals(line, type, RecordTypes.ApiRequest))
            {
                SummarizeRequest(writer, line, root);
            }
            else if (TextEquals(line, type, RecordTypes.ApiResponse))
            {
                SummarizeResponse(writer, line, root);
            }
            else if (TextEquals(line, type, RecordTypes.Notice))
            {
                CopyScalars(writer, line, root, "level", "message");
            }
        }

        return Finish(writer, buffer);
    }

    private static byte[] Finish(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteUnreadable(Utf8JsonWriter writer, int bytes, string message)
    {
        writer.WriteString("type", "unreadable");
        writer.WriteNumber("bytes", bytes);
        writer.WriteString("message", message);
    }

    private static void SummarizeHook(Utf8JsonWriter writer, ReadOnlySpan<byte> line, JsonObjectView root)
    {
        CopyScalars(writer, line, root, "event", "tool_use_id");
        if (root["payload_not_utf8"].Kind == JsonTokenType.True)
        {
            writer.WriteBoolean("payload_not_utf8", true);
            WritePreview(writer, "payload is not UTF-8: kept exactly as base64");
            return;
        }

        using var embedded = EmbeddedJson.Find(line, root, "payload", "payload_text");
        if (!embedded.IsObject)
        {
            return;
        }

        var json = embedded.Json;
        var payload = embedded.Object;
        CopyScalars(writer, json, payload, "tool_name", "duration_ms");
        string? preview = null;
        using (var input = JsonObjectView.Of(json, payload["tool_input"]))
        {
            preview = FirstString(json, input, ToolInputPreviewFields.AsSpan());
        }

        preview ??= FirstString(json, payload, "prompt", "message", "last_assistant_message", "error", "reason", "source", "trigger");
        WritePreview(writer, preview);
    }

    private static void SummarizeRequest(Utf8JsonWriter writer, ReadOnlySpan<byte> line, JsonObjectView root)
    {
        CopyScalars(writer, line, root, "exchange_id", "method", "path", "kind", "model", "stream");
        using var embedded = EmbeddedJson.Find(line, root, "body", "body_text");
        var json = embedded.Json;
        if (!embedded.IsObject || embedded.Object["messages"] is not { IsArray: true } messages)
        {
            return;
        }

        // Only the newest user message carries the results of the previous turn's tool calls;
        // older ones repeat the whole conversation.
        JsonSlice? lastUserContent = null;
        foreach (var message in new JsonObjectElements(json, messages))
        {
            if (TextEquals(json, message["role"], "user"))
            {
                lastUserContent = message["content"];
            }
        }

        if (lastUserContent is not { Exists: true } content)
        {
            return;
        }

        string? preview = content.IsString ? Head(json, content) : null;
        var resultIds = new List<string>();
        foreach (var block in new JsonObjectElements(json, content))
        {
            var blockType = block["type"];
            if (TextEquals(json, blockType, "tool_result"))
            {
                if (GetString(json, block["tool_use_id"]) is { } id)
                {
                    resultIds.Add(id);
                }
            }
            else if (TextEquals(json, blockType, "text") && Head(json, block["text"]) is { } s
                && !s.StartsWith("<system-reminder>", StringComparison.Ordinal))
            {
                preview = s;
            }
        }

        WriteStrings(writer, "result_tool_use_ids", resultIds);
        WritePreview(writer, preview);
    }

    private static void SummarizeResponse(Utf8JsonWriter writer, ReadOnlySpan<byte> line, JsonObjectView root)
    {
        CopyScalars(writer, line, root, "exchange_id", "status", "complete", "error", "streamed", "transport_error", "damaged");
        if (root["api_error"] is { IsObject: true } apiErrorValue)
        {
            // The API's own error, apart from how the connection ended: the row names both.
            using var apiError = JsonObjectView.Of(line, apiErrorValue);
            writer.WriteStartObject("api_error");
            CopyScalars(writer, line, apiError, "type", "message");
            writer.WriteEndObject();
        }

        if (root["timings"] is { IsObject: true } timingsValue)
        {
            using var timings = JsonObjectView.Of(line, timingsValue);
            writer.WriteStartObject("timings");
            CopyScalars(writer, line, timings, "ttfb_ms", "ttft_ms", "total_ms");
            writer.WriteEndObject();
        }

        if (root["usage"] is { IsObject: true } usageValue)
        {
            using var usage = JsonObjectView.Of(line, usageValue);
            writer.WriteStartObject("usage");
            CopyScalars(writer, line, usage, "input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens");
            writer.WriteEndObject();
        }

        if (root["message"] is not { IsObject: true } messageValue)
        {
            return;
        }

        using var message = JsonObjectView.Of(line, messageValue);
        CopyScalars(writer, line, message, "model", "stop_reason");
        var preview = new TurnPreview();
        foreach (var block in new JsonObjectElements(line, message["content"]))
        {
            var blockType = block["type"];
            if (TextEquals(line, blockType, "thinking"))
            {
                preview.Thinking(block["thinking"] is { IsString: true } thinking && thinking.Open(line).ValueSpan.Length > 0);
            }
            else if ((TextEquals(line, blockType, "tool_use") || TextEquals(line, blockType, "server_tool_use"))
                && GetString(line, block["id"]) is { } id)
            {
                using var input = JsonObjectView.Of(line, block["input"]);
                preview.ToolUse(id, GetString(line, block["name"]), FirstString(line, input, ToolInputPreviewFields.AsSpan()));
            }
            else if (preview.WantsText && TextEquals(line, blockType, "text"))
            {
                preview.Text(Head(line, block["text"]));
            }
        }

        preview.Write(writer);
    }

    /// <summary>The tool-input fields a preview shows, most telling first.</summary>
    internal static readonly ImmutableArray<string> ToolInputPreviewFields = ["command", "file_path", "pattern", "url", "prompt", "description", "query"];

    /// <summary>One tool call in a turn's preview: <c>Bash: echo hi</c>, or the name alone.</summary>
    internal static string ToolCallPreview(string? name, string? argument)
        => (name is { Length: > 0 } ? name : "?") + (argument is { Length: > 0 } ? ": " + argument : string.Empty);

    internal static void WriteStrings(Utf8JsonWriter writer, string name, List<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string? FirstString(ReadOnlySpan<byte> json, in JsonObjectView obj, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (Head(json, obj[name]) is { Length: > 0 } s)
            {
                return s;
            }
        }

        return null;
    }

    internal static void WritePreview(Utf8JsonWriter writer, string? preview)
    {
        if (string.IsNullOrEmpty(preview))
        {
            return;
        }

        writer.WriteString("preview", preview.Length > PreviewChars ? preview[..PreviewChars] + "…" : preview);
    }

    /// <summary>Whether a value is the string <paramref name="text"/> (compared unescaped).</summary>
    private static bool TextEquals(ReadOnlySpan<byte> json, JsonSlice value, string text)
        => value.IsString && value.Open(json).ValueTextEquals(text);

    /// <summary>A string value in full (ids and names are short), or null for anything else.</summary>
    private static string? GetString(ReadOnlySpan<byte> json, JsonSlice value)
    {
        if (!value.IsString)
        {
            return null;
        }

        var reader = value.Open(json);
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            // Escapes or bytes that do not decode: no id rather than no summary.
            return null;
        }
    }

    /// <summary>Enough of a string value for a preview (see <see cref="JsonText.Head"/>), or null for anything else.</summary>
    private static string? Head(ReadOnlySpan<byte> json, JsonSlice value)
    {
        if (!value.IsString)
        {
            return null;
        }

        using var text = JsonText.Of(json, value);
        return text.IsDecoded ? text.Head(PreviewChars) : null;
    }

    private static void CopyScalars(Utf8JsonWriter writer, ReadOnlySpan<byte> json, in JsonObjectView from, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            CopyScalar(writer, json, from, name);
        }
    }

    /// <summary>Writes a property's value under <paramref name="asName"/> if it is a string, number, boolean or null — the token as JsonElement.WriteTo writes it.</summary>
    private static void CopyScalar(Utf8JsonWriter writer, ReadOnlySpan<byte> json, in JsonObjectView from, string name, string? asName = null)
    {
        var value = from[name];
        if (!value.IsScalar)
        {
            return;
        }

        switch (value.Kind)
        {
            case JsonTokenType.String:
                using (var text = JsonText.Of(json, value))
                {
                    // Escapes that do not decode leave the field out rather than failing the summary.
                    if (text.IsDecoded)
                    {
                        writer.WritePropertyName(asName ?? name);
                        writer.WriteStringValue(text.Utf8);
                    }
                }

                break;
            case JsonTokenType.Number:
                writer.WritePropertyName(asName ?? name);
                writer.WriteRawValue(value.Open(json).ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                writer.WriteBoolean(asName ?? name, value.Kind == JsonTokenType.True);
                break;
            default:
                writer.WriteNull(asName ?? name);
                break;
        }
    }
}
