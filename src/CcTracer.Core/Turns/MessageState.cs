using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.Turns;

/// <summary>
/// The message-level state of one turn: <c>message_start</c>'s message, <c>message_delta</c> merges,
/// <c>message_stop</c> and the <c>error</c> event.
/// </summary>
internal sealed class MessageState
{
    private readonly List<string> _warnings;
    private JsonObject? _message;

    public MessageState(List<string> warnings)
    {
        _warnings = warnings;
    }

    public bool SawStop { get; set; }

    /// <summary>The error event's message (or raw data), when one arrived.</summary>
    public string? Error { get; private set; }

    /// <summary>The error event's <c>error</c> object, when one arrived.</summary>
    public JsonObject? ErrorObject { get; private set; }

    public void ApplyStart(ReadOnlySpan<byte> data)
    {
        JsonObject root = EventJson.ParseObject(data);
        if (root["message"] is not JsonObject message)
        {
            _warnings.Add("message_start has no message object");
            return;
        }

        root.Remove("message");
        if (_message is not null)
        {
            _warnings.Add("a second message_start replaced the first message");
        }

        _message = message;
    }

    public void ApplyDelta(ReadOnlySpan<byte> data)
    {
        JsonObject root = EventJson.ParseObject(data);
        JsonObject message = EnsureMessage("message_delta");
        foreach ((string key, JsonNode? value) in root.ToList())
        {
            if (key == "type")
            {
                continue;
            }

            root.Remove(key);
            if (key == "delta" && value is JsonObject delta)
            {
                MoveProperties(delta, message, overwriteWithNull: true);
            }
            else if (key == "usage" && value is JsonObject usage)
            {
                if (message["usage"] is not JsonObject target)
                {
                    target = [];
                    message["usage"] = target;
                }

                // A null in the delta's usage means "not reported here", not "reset".
                MoveProperties(usage, target, overwriteWithNull: false);
            }
            else
            {
                message[key] = value;
            }
        }
    }

    private static void MoveProperties(JsonObject from, JsonObject to, bool overwriteWithNull)
    {
        foreach ((string key, JsonNode? value) in from.ToList())
        {
            if (value is null && !overwriteWithNull && to.ContainsKey(key))
            {
                continue;
            }

            from.Remove(key);
            to[key] = value;
        }
    }

    public void ApplyError(ReadOnlySpan<byte> data)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            Error = Encoding.UTF8.GetString(data);
            _warnings.Add("the error event's data is not JSON; kept as the error text");
            return;
        }

        if (root is JsonObject obj && obj["error"] is JsonObject error)
        {
            obj.Remove("error");
            ErrorObject = error;
            Error = EventJson.ErrorText(error) ?? error.ToJsonString();
        }
        else
        {
            Error = root?.ToJsonString() ?? "error event without data";
        }
    }

    private JsonObject EnsureMessage(string eventName)
    {
        if (_message is null)
        {
            _warnings.Add($"{eventName} arrived before message_start; a message object was synthesized");
            _message = [];
        }

        return _message;
    }

    /// <summary>The final message with <paramref name="blocks"/> as its content; <see langword="null"/> when nothing arrived.</summary>
    public JsonObject? Build(ContentBlockSet blocks)
    {
        if (_message is null && blocks.Count == 0)
        {
            return null;
        }

        JsonObject message = EnsureMessage("content_block_start");
        blocks.PlaceInto(message);
        return message;
    }
}
