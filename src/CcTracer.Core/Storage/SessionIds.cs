using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>Session attribution: which log file a piece of traffic belongs to.</summary>
internal static class SessionIds
{
    /// <summary>The pseudo-session for traffic that names no session. Never dropped.</summary>
    public const string Unattributed = "unattributed";

    /// <summary>
    /// Returns a session id that is safe as a file name: Claude Code uses UUIDs, but the id
    /// arrives from the network, so anything outside <c>[A-Za-z0-9_-]</c> is replaced to keep
    /// a hostile id from escaping the log directory.
    /// </summary>
    public static string Normalize(string? sessionId)
    {
        if (string.IsNullOrWhiteSpace(sessionId))
        {
            return Unattributed;
        }

        var trimmed = sessionId.Trim();
        if (trimmed.Length > 128)
        {
            trimmed = trimmed[..128];
        }

        Span<char> buffer = stackalloc char[trimmed.Length];
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            buffer[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_';
        }

        return new string(buffer);
    }

    /// <summary>
    /// Finds the session id of an Anthropic request body: Claude Code puts a JSON <em>string</em>
    /// in <c>metadata.user_id</c> holding <c>session_id</c> (older releases used
    /// <c>user_..._session_UUID</c>). Returns <see langword="null"/> when there is none.
    /// </summary>
    public static string? FromRequestBody(ReadOnlySpan<byte> utf8Body)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Body, new JsonReaderOptions { MaxDepth = 256 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("metadata", out var metadata)
                || metadata.ValueKind != JsonValueKind.Object
                || !metadata.TryGetProperty("user_id", out var userId)
                || userId.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var text = userId.GetString()!;
            if (text.StartsWith('{'))
            {
                using var inner = JsonDocument.Parse(text);
                return inner.RootElement.TryGetProperty("session_id", out var sid) && sid.ValueKind == JsonValueKind.String
                    ? sid.GetString()
                    : null;
            }

            const string marker = "_session_";
            var at = text.LastIndexOf(marker, StringComparison.Ordinal);
            return at >= 0 ? text[(at + marker.Length)..] : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
