using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CcTracer.OpenTelemetry.GenAi;

/// <summary>
/// Anthropic Messages API content in the GenAI conventions' JSON shapes (gen-ai-input-messages.json,
/// gen-ai-output-messages.json, gen-ai-system-instructions.json, tool definitions as the source
/// system defines them). Recorded on spans as JSON strings, which the conventions allow where an
/// exporter has no structured attribute values (OTLP from .NET has none). Input is the stored
/// record, so whatever masking the tracer applied is already there.
/// </summary>
internal static class GenAiContent
{
    /// <summary><c>gen_ai.input.messages</c> from a request body's <c>messages</c>.</summary>
    public static string? InputMessages(JsonElement request)
    {
        if (!request.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "user";
                var content = message.TryGetProperty("content", out var c) ? c : default;
                // A user turn that only returns tool results is the conventions' "tool" message.
                if (role == "user" && content.ValueKind == JsonValueKind.Array && content.GetArrayLength() > 0
                    && content.EnumerateArray().All(b => TypeOf(b) == "tool_result"))
                {
                    role = "tool";
                }

                w.WriteStartObject();
                w.WriteString("role", role);
                WriteParts(w, content);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary><c>gen_ai.output.messages</c> from a response's reassembled <c>message</c>.</summary>
    public static string? OutputMessages(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return Write(w =>
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("role", "assistant");
            WriteParts(w, message.TryGetProperty("content", out var c) ? c : default);
            if (message.TryGetProperty("stop_reason", out var stop) && stop.ValueKind == JsonValueKind.String)
            {
                w.WriteString("finish_reason", stop.GetString());
            }

            w.WriteEndObject();
            w.WriteEndArray();
        });
    }

    /// <summary><c>gen_ai.system_instructions</c> from a request body's <c>system</c> (a string or text blocks).</summary>
    public static string? SystemInstructions(JsonElement request)
    {
        if (!request.TryGetProperty("system", out var system) || system.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return null;
        }

        return Write(w =>
        {
            w.WriteStartArray();
            if (system.ValueKind == JsonValueKind.String)
            {
                WriteText(w, system.GetString()!);
            }
            else
            {
                foreach (var block in system.EnumerateArray())
                {
                    WritePart(w, block);
                }
            }

            w.WriteEndArray();
        });
    }

    /// <summary>
    /// <c>gen_ai.tool.definitions</c> from a request body's <c>tools</c>: client tools as
    /// <c>{type:"function", name, description, parameters}</c>, server tools with their own type.
    /// </summary>
    public static string? ToolDefinitions(JsonElement request)
    {
        if (!request.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return Write(w =>
        {
            w.WriteStartArray();
            foreach (var tool in tools.EnumerateArray())
            {
                if (tool.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                w.WriteStartObject();
                var type = TypeOf(tool);
                w.WriteString("type", type is null or "custom" ? "function" : type);
                CopyString(w, tool, "name", "name");
                CopyString(w, tool, "description", "description");
                if (tool.TryGetProperty("input_schema", out var schema))
                {
                    w.WritePropertyName("parameters");
                    schema.WriteTo(w);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static void WriteParts(Utf8JsonWriter w, JsonElement content)
    {
        w.WriteStartArray("parts");
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteText(w, content.GetString()!);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                WritePart(w, block);
            }
        }

        w.WriteEndArray();
    }

    private static void WritePart(Utf8JsonWriter w, JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var type = TypeOf(block) ?? "unknown";
        w.WriteStartObject();
        switch (type)
        {
            case "text":
                w.WriteString("type", "text");
                CopyString(w, block, "text", "content");
                break;
            case "thinking":
                w.WriteString("type", "reasoning");
                CopyString(w, block, "thinking", "content");
                break;
            case "tool_use" or "server_tool_use" or "mcp_tool_use":
                w.WriteString("type", "tool_call");
                CopyString(w, block, "id", "id");
                CopyString(w, block, "name", "name");
                if (block.TryGetProperty("input", out var input))
                {
                    w.WritePropertyName("arguments");
                    input.WriteTo(w);
                }

                break;
            case "tool_result":
                w.WriteString("type", "tool_call_response");
                CopyString(w, block, "tool_use_id", "id");
                w.WritePropertyName("response");
                if (block.TryGetProperty("content", out var result))
                {
                    result.WriteTo(w);
                }
                else
                {
                    w.WriteNullValue();
                }

                break;
            default:
                // Images, documents, redacted thinking, server tool results, types yet unknown:
                // named by their own type (the schema's generic part), without their payload, which
                // can be megabytes of base64.
                w.WriteString("type", type);
                break;
        }

        w.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("content", text);
        w.WriteEndObject();
    }

    private static void CopyString(Utf8JsonWriter w, JsonElement from, string name, string asName)
    {
        if (from.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            w.WriteString(asName, value.GetString());
        }
    }

    private static string? TypeOf(JsonElement block)
        => block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
