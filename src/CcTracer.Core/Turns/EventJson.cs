using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.Turns;

/// <summary>
/// Reads the JSON an SSE event or error body carries: one parse into an object, and the text of an
/// API <c>error</c> object. Shared by the message and block state and the non-streamed reader.
/// </summary>
internal static class EventJson
{
    /// <summary>Parses event data that must be a JSON object; throws <see cref="JsonException"/> otherwise (the assembler turns that into a warning).</summary>
    public static JsonObject ParseObject(ReadOnlySpan<byte> data)
        => JsonNode.Parse(data) as JsonObject ?? throw new JsonException("the data is not a JSON object");

    /// <summary>The human-readable text of an API <c>error</c> object: its <c>message</c>, else its <c>type</c>.</summary>
    public static string? ErrorText(JsonObject error)
    {
        if (error["message"] is JsonValue m && m.TryGetValue(out string? message))
        {
            return message;
        }

        return error["type"] is JsonValue t && t.TryGetValue(out string? type) ? type : null;
    }
}
