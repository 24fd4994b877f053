using System.Buffers;
using System.Text.Json;
using CcTracer.Json;
using CcTracer.Storage;

namespace CcTracer.Core.Tests.Storage;

/// <summary>
/// The record summarizer as it was before issue #8: a <see cref="JsonDocument"/> of every line
/// (and a string plus a second document of every <c>body_text</c>). Too costly for a 200 MB
/// session, but plainly right; kept as the oracle the in-place summarizer must match byte for byte.
/// </summary>
internal static class LegacyRecordSummarizer
{
    private const int PreviewChars = 200;

    /// <summary>The summary JSON of one stored line; a line that is not a JSON object yields a minimal summary.</summary>
    public static byte[] Summarize(ReadOnlySpan<byte> line)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(buffer, RelaxedJson.WriterOptions);
        writer.WriteStartObject();
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 512 });
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            CopyScalar(writer, root, "seq");
            CopyScalar(writer, root, "type");
            CopyScalar(writer, root, "ts");
            CopyScalar(writer, root, "session_id");
            writer.WriteNumber("bytes", line.Length);
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case RecordTypes.Hook:
                    SummarizeHook(writer, root);
                    break;
                case RecordTypes.HookRejected:
                    CopyScalar(writer, root, "event");
                    CopyScalar(writer, root, "error", "message");
                    break;
                case RecordTypes.ApiRequest:
                    SummarizeRequest(writer, root);
                    break;
                case RecordTypes.ApiResponse:
                    SummarizeResponse(writer, root);
                    break;
                case RecordTypes.Notice:
                    CopyScalar(writer, root, "level");
                    CopyScalar(writer, root, "message");
                    break;
                default:
                    break;
            }
        }
        catch (JsonException e)
        {
            writer.WriteString("type", "unreadable");
            writer.WriteNumber("bytes", line.Length);
            writer.WriteString("message", e.Message);
        }

        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void SummarizeHook(Utf8JsonWriter writer, JsonElement root)
    {
        CopyScalar(writer, root, "event");
        CopyScalar(writer, root, "tool_use_id");
        using var parsed = Embedded.Find(root, "payload", "payload_text");
        if (parsed.Value is not { ValueKind: JsonValueKind.Object } payload)
        {
            return;
        }

        CopyScalar(writer, payload, "tool_name");
        CopyScalar(writer, payload, "duration_ms");
        string? preview = null;
        if (payload.TryGetProperty("tool_input", out var input) && input.ValueKind == JsonValueKind.Object)
        {
            preview = FirstString(input, RecordSummarizer.ToolInputPreviewFields.AsSpan());
        }

        preview ??= FirstString(payload, "prompt", "message", "last_assistant_message", "error", "reason", "source", "trigger");
        WritePreview(writer, preview);
    }

    private static void SummarizeRequest(Utf8JsonWriter writer, JsonElement root)
    {
        CopyScalar(writer, root, "exchange_id");
        CopyScalar(writer, root, "method");
        CopyScalar(writer, root, "path");
        CopyScalar(writer, root, "kind");
        CopyScalar(writer, root, "model");
        CopyScalar(writer, root, "stream");
        using var parsed = Embedded.Find(root, "body", "body_text");
        if (parsed.Value is not { ValueKind: JsonValueKind.Object } body
            || !body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        // Only the newest user message carries the results of the previous turn's tool calls;
        // older ones repeat the whole conversation.
        JsonElement? lastUser = null;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) && role.ValueEquals("user"u8))
            {
                lastUser = message;
            }
        }

        if (lastUser is not { } user || !user.TryGetProperty("content", out var content))
        {
            return;
        }

        string? preview = content.ValueKind == JsonValueKind.String ? content.GetString() : null;
        var resultIds = new List<string>();
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var bt))
                {
                    continue;
                }

                if (bt.ValueEquals("tool_result"u8) && block.TryGetProperty("tool_use_id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    resultIds.Add(id.GetString()!);
                }
                else if (bt.ValueEquals("text"u8) && block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    var s = text.GetString()!;
                    if (!s.StartsWith("<system-reminder>", StringComparison.Ordinal))
                    {
                        preview = s;
                    }
                }
            }
        }

        WriteStrings(writer, "result_tool_use_ids", resultIds);
        WritePreview(writer, preview);
    }

    private static void SummarizeResponse(Utf8JsonWriter writer, JsonElement root)
    {
        CopyScalar(writer, root, "exchange_id");
        CopyScalar(writer, root, "status");
        CopyScalar(writer, root, "complete");
        CopyScalar(writer, root, "error");
        CopyScalar(writer, root, "streamed");
        CopyScalar(writer, root, "transport_error");
        CopyScalar(writer, root, "damaged");
        if (root.TryGetProperty("api_error", out var apiError) && apiError.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject("api_error");
            CopyScalar(writer, apiError, "type");
            CopyScalar(writer, apiError, "message");
            writer.WriteEndObject();
        }

        if (root.TryGetProperty("timings", out var timings) && timings.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject("timings");
            CopyScalar(writer, timings, "ttfb_ms");
            CopyScalar(writer, timings, "ttft_ms");
            CopyScalar(writer, timings, "total_ms");
            writer.WriteEndObject();
        }

        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject("usage");
            CopyScalar(writer, usage, "input_tokens");
            CopyScalar(writer, usage, "output_tokens");
            CopyScalar(writer, usage, "cache_read_input_tokens");
            CopyScalar(writer, usage, "cache_creation_input_tokens");
            writer.WriteEndObject();
        }

        if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        CopyScalar(writer, message, "model");
        CopyScalar(writer, message, "stop_reason");
        string? preview = null;
        var toolIds = new List<string>();
        var toolNames = new List<string>();
        string? thinking = null;
        var calls = new List<string>();
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var bt))
                {
                    continue;
                }

                if (bt.ValueEquals("thinking"u8))
                {
                    var shown = block.TryGetProperty("thinking", out var th) && th.ValueKind == JsonValueKind.String && th.GetString()!.Length > 0;
                    thinking = thinking == "shown" || shown ? "shown" : "omitted";
                }
                else if ((bt.ValueEquals("tool_use"u8) || bt.ValueEquals("server_tool_use"u8))
                    && block.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    toolIds.Add(id.GetString()!);
                    // Distinct names: the UI's tool filter finds turns by them even without hooks.
                    var name = block.TryGetProperty("name", out var toolName) && toolName.ValueKind == JsonValueKind.String ? toolName.GetString() : null;
                    if (name is { Length: > 0 } && !toolNames.Contains(name))
                    {
                        toolNames.Add(name);
                    }

                    var argument = block.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object ? FirstString(input, RecordSummarizer.ToolInputPreviewFields.AsSpan()) : null;
                    calls.Add(RecordSummarizer.ToolCallPreview(name, argument));
                }
                else if (preview is null && bt.ValueEquals("text"u8) && block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    preview = text.GetString();
                }
            }
        }

        WriteStrings(writer, "tool_use_ids", toolIds);
        WriteStrings(writer, "tool_names", toolNames);
        if (thinking is not null)
        {
            writer.WriteString("thinking", thinking);
        }

        WritePreview(writer, calls.Count > 0 ? string.Join(", ", calls) : preview);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, List<string> values)
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

    /// <summary>
    /// A JSON value stored in a record either embedded (used in place: no copy, no re-parse — a
    /// 200 MB session is summarised once, line by line) or as exact text (parsed once).
    /// </summary>
    private readonly struct Embedded : IDisposable
    {
        private readonly JsonDocument? _owned;

        private Embedded(JsonElement? value, JsonDocument? owned)
        {
            Value = value;
            _owned = owned;
        }

        public JsonElement? Value { get; }

        public static Embedded Find(JsonElement root, string embeddedName, string textName)
        {
            if (root.TryGetProperty(embeddedName, out var value))
            {
                return new Embedded(value, null);
            }

            if (!root.TryGetProperty(textName, out var text) || text.ValueKind != JsonValueKind.String)
            {
                return default;
            }

            try
            {
                var document = JsonDocument.Parse(text.GetString()!);
                return new Embedded(document.RootElement, document);
            }
            catch (JsonException)
            {
                return default;
            }
        }

        public void Dispose() => _owned?.Dispose();
    }

    private static string? FirstString(JsonElement obj, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s)
            {
                return s;
            }
        }

        return null;
    }

    private static void WritePreview(Utf8JsonWriter writer, string? preview)
    {
        if (string.IsNullOrEmpty(preview))
        {
            return;
        }

        writer.WriteString("preview", preview.Length > PreviewChars ? preview[..PreviewChars] + "…" : preview);
    }

    private static void CopyScalar(Utf8JsonWriter writer, JsonElement from, string name, string? asName = null)
    {
        if (from.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Object && value.ValueKind != JsonValueKind.Array)
        {
            writer.WritePropertyName(asName ?? name);
            value.WriteTo(writer);
        }
    }
}
