using System.Text.Json;
using CcTracer.Json;
using CcTracer.Storage;

namespace CcTracer.AspNetCore.Hooks;

/// <summary>
/// The few top-level fields the sink needs to file a hook (session, event, tool_use_id), read
/// with one forward pass so a multi-megabyte tool response costs no DOM.
/// </summary>
internal readonly record struct HookFields(string? SessionId, string? EventName, string? ToolUseId)
{
    public static bool TryRead(ReadOnlySpan<byte> body, out HookFields fields, out string? error)
    {
        string? sessionId = null, eventName = null, toolUseId = null;
        fields = default;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 512 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = body.IsEmpty ? "Empty body: a hook payload is a JSON object." : $"A hook payload must be a JSON object (got {reader.TokenType}).";
                return false;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var name = reader.ValueSpan;
                var isSession = name.SequenceEqual("session_id"u8);
                var isEvent = name.SequenceEqual("hook_event_name"u8);
                var isTool = name.SequenceEqual("tool_use_id"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (isSession)
                    {
                        sessionId = JsonReaderStrings.GetStringOrNull(ref reader);
                    }
                    else if (isEvent)
                    {
                        eventName = JsonReaderStrings.GetStringOrNull(ref reader);
                    }
                    else if (isTool)
                    {
                        toolUseId = JsonReaderStrings.GetStringOrNull(ref reader);
                    }
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            // Anything after the object is an error too.
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            fields = new HookFields(sessionId, eventName, toolUseId);
            error = $"Malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}";
            return false;
        }

        fields = new HookFields(sessionId, eventName, toolUseId);
        error = null;
        return true;
    }
}
