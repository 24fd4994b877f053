using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.Turns;

/// <summary>Small helpers for reading event data shared by the message and block state.</summary>
internal static class EventData
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
