using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcTracer.Turns;

/// <summary>Builds the <see cref="ApiTurn"/> of a non-streamed response.</summary>
internal static class JsonResponseReader
{
    private const int MaxErrorSnippetBytes = 500;

    public static ApiTurn Read(ReadOnlySpan<byte> body, int statusCode, TimeSpan firstByte, TimeSpan total)
    {
        var timings = new TurnTimings(body.IsEmpty ? null : firstByte, null, total, [], []);
        JsonNode? root = null;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            // Proxies and load balancers answer 502/503 with HTML or plain text; handled below.
        }

        bool success = statusCode is >= 200 and < 300;
        if (root is JsonObject obj && obj["error"] is JsonObject error && (!success || IsType(obj, "error")))
        {
            obj.Remove("error");
            return new ApiTurn(timings)
            {
                IsComplete = false,
                ErrorObject = error,
                Error = EventJson.ErrorText(error) ?? $"HTTP {statusCode}",
            };
        }

        if (success && root is JsonObject message)
        {
            List<string> warnings = IsType(message, "message") ? [] : ["the response body is a JSON object but not of type 'message'"];
            return new ApiTurn(timings)
            {
                Message = message,
                IsComplete = true,
                StopReason = message["stop_reason"] is JsonValue s && s.TryGetValue(out string? stop) ? stop : null,
                Usage = message["usage"] as JsonObject,
                Warnings = warnings,
            };
        }

        string snippet = Snippet(body);
        string reason = success ? "the response body is not a JSON Message object" : $"HTTP {statusCode}";
        return new ApiTurn(timings)
        {
            IsComplete = false,
            Error = snippet.Length == 0 ? $"{reason} (empty body)" : $"{reason}: {snippet}",
        };
    }

    private static bool IsType(JsonObject obj, string type)
        => obj["type"] is JsonValue t && t.TryGetValue(out string? value) && value == type;

    private static string Snippet(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> head = body.Length > MaxErrorSnippetBytes ? body[..MaxErrorSnippetBytes] : body;
        string text = Encoding.UTF8.GetString(head).Trim();
        return body.Length > MaxErrorSnippetBytes ? text + "…" : text;
    }
}
