using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CcTracer.Export;

/// <summary>
/// The "share without content" transform: a JSON value keeps its shape, numbers, booleans and the
/// strings that only name things (types, roles, models, tool names, ids, event names), while every
/// other string becomes <see cref="Placeholder(string)"/> (its size and SHA-256). The rule is an allow-list
/// of keys, not a deny-list, so text under a field nobody thought of is removed too. Tool inputs and
/// outputs are opaque as a whole (their keys are the user's data), and headers keep a value only
/// when <see cref="SafeHeaders"/> names it.
/// </summary>
internal static class ContentStripper
{
    /// <summary>Keys whose string values are structure (names, ids, kinds), never prompt, tool or response text.</summary>
    private static readonly HashSet<string> NameKeys = new(StringComparer.Ordinal)
    {
        "type", "role", "model", "name", "id", "tool_use_id", "tool_name", "stop_reason", "event", "hook_event_name",
        "session_id", "exchange_id", "prompt_id", "agent_id", "agent_type", "ts", "created", "modified", "method", "path",
        "kind", "level", "media_type", "service_tier", "permission_mode", "source", "reason", "content_type",
        "content_encoding", "ttl", "status", "matcher", "notification_type", "trigger", "speed",
    };

    /// <summary>Keys whose whole value is the user's data, keys included: replaced by one placeholder.</summary>
    private static readonly HashSet<string> OpaqueKeys = new(StringComparer.Ordinal)
    {
        "input", "tool_input", "tool_response", "input_schema", "metadata", "structured_patch", "structuredPatch",
    };

    /// <summary>Header (and rate-limit) names whose values say nothing about the user or the conversation.</summary>
    private static readonly HashSet<string> SafeHeaderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "content-length", "content-encoding", "transfer-encoding", "accept", "accept-encoding",
        "anthropic-version", "anthropic-beta", "user-agent", "x-app", "request-id", "date", "server", "cache-control",
        "x-claude-code-agent-id", "x-stainless-retry-count", "x-stainless-timeout", "x-stainless-lang",
        "x-stainless-package-version", "x-stainless-runtime", "x-stainless-runtime-version", "x-stainless-os", "x-stainless-arch",
    };

    /// <summary>Whether a header's value may be kept in a no-content export.</summary>
    public static bool SafeHeaders(string name)
        => SafeHeaderNames.Contains(name) || name.StartsWith("anthropic-ratelimit-", StringComparison.OrdinalIgnoreCase);

    /// <summary>What replaces a removed text: its UTF-8 size and SHA-256, so equal texts can still be matched.</summary>
    public static string Placeholder(string text) => Placeholder(Encoding.UTF8.GetBytes(text));

    /// <inheritdoc cref="Placeholder(string)"/>
    public static string Placeholder(ReadOnlySpan<byte> utf8)
        => $"[removed {utf8.Length} bytes sha256:{Convert.ToHexStringLower(SHA256.HashData(utf8))}]";

    /// <summary>The value of a header in a no-content export.</summary>
    public static string HeaderValue(string name, string value) => SafeHeaders(name) ? value : "[removed]";

    /// <summary>Strips a whole JSON document (a record, a summary, an API answer) into UTF-8 JSON.</summary>
    public static byte[] Strip(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 512 });
        return Strip(document.RootElement);
    }

    /// <inheritdoc cref="Strip(ReadOnlySpan{byte})"/>
    public static byte[] Strip(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 512 }))
        {
            Write(writer, element, key: null);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="element"/> stripped; <paramref name="key"/> is the property it is the value of.</summary>
    public static void Write(Utf8JsonWriter writer, JsonElement element, string? key)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (key is not null && OpaqueKeys.Contains(key))
                {
                    writer.WriteStringValue(Placeholder(Encoding.UTF8.GetBytes(element.GetRawText())));
                    return;
                }

                var headers = key is "headers" or "rate_limits";
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (headers && property.Value.ValueKind == JsonValueKind.String)
                    {
                        writer.WriteStringValue(HeaderValue(property.Name, property.Value.GetString()!));
                    }
                    else if (property.Name is "body_text" or "payload_text" && TryParse(property.Value, out var parsed))
                    {
                        // A JSON body kept as text (pretty-printed) keeps its structure too.
                        using (parsed)
                        {
                            Write(writer, parsed.RootElement, property.Name);
                        }
                    }
                    else
                    {
                        Write(writer, property.Value, property.Name);
                    }
                }

                writer.WriteEndObject();
                return;
            case JsonValueKind.Array:
                if (key is not null && OpaqueKeys.Contains(key))
                {
                    writer.WriteStringValue(Placeholder(Encoding.UTF8.GetBytes(element.GetRawText())));
                    return;
                }

                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, key);
                }

                writer.WriteEndArray();
                return;
            case JsonValueKind.String:
                var text = element.GetString()!;
                writer.WriteStringValue(key is not null && NameKeys.Contains(key) ? text : Placeholder(text));
                return;
            default:
                element.WriteTo(writer);
                return;
        }
    }

    private static bool TryParse(JsonElement value, out JsonDocument document)
    {
        document = null!;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = value.GetString()!;
        if (text.Length == 0 || (text.TrimStart() is not ['{', ..] and not ['[', ..]))
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
