using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace CcTracer.Hooks;

/// <summary>
/// One Claude Code hook event as POSTed (or piped to stdin): the common fields typed, the payload
/// kept whole.
/// </summary>
/// <remarks>
/// Any JSON object is accepted so that events and fields added by newer Claude Code releases are
/// recorded, not dropped. Event-specific fields are read through the typed views
/// (<see cref="ToolUseHook"/>, <see cref="SessionStartHook"/>, …) or <see cref="Root"/>.
/// </remarks>
public sealed class HookEvent
{
    private const string UnknownEventName = "Unknown";

    private HookEvent(ReadOnlyMemory<byte> rawJson, JsonElement root, string eventName, bool eventNameFromPayload)
    {
        RawJson = rawJson;
        Root = root;
        EventName = eventName;
        EventNameFromPayload = eventNameFromPayload;
        SessionId = PayloadProperty.GetString(root, "session_id");
        TranscriptPath = PayloadProperty.GetString(root, "transcript_path");
        Cwd = PayloadProperty.GetString(root, "cwd");
        PermissionMode = PayloadProperty.GetString(root, "permission_mode");
        PromptId = PayloadProperty.GetString(root, "prompt_id");
        ToolUseId = PayloadProperty.GetString(root, "tool_use_id");
    }

    /// <summary>The payload exactly as received, byte-for-byte (a private copy of the input).</summary>
    public ReadOnlyMemory<byte> RawJson { get; }

    /// <summary>The parsed payload, always a JSON object; valid for the lifetime of this instance.</summary>
    public JsonElement Root { get; }

    /// <summary>
    /// <c>hook_event_name</c>; when the payload has none, the hint given to
    /// <see cref="TryParse(ReadOnlyMemory{byte}, string?, out HookEvent?, out string?)"/>, else <c>Unknown</c>.
    /// </summary>
    public string EventName { get; }

    /// <summary>Whether <see cref="EventName"/> came from the payload rather than a hint or the fallback.</summary>
    public bool EventNameFromPayload { get; }

    /// <summary><c>session_id</c>: the Claude Code session (the same id as the <c>X-Claude-Code-Session-Id</c> header).</summary>
    public string? SessionId { get; }

    /// <summary><c>transcript_path</c>: the session's JSONL transcript.</summary>
    public string? TranscriptPath { get; }

    /// <summary><c>cwd</c>: the working directory when the hook fired.</summary>
    public string? Cwd { get; }

    /// <summary><c>permission_mode</c>, e.g. <c>default</c>, <c>plan</c>, <c>acceptEdits</c>.</summary>
    public string? PermissionMode { get; }

    /// <summary><c>prompt_id</c>: groups the events caused by one user prompt.</summary>
    public string? PromptId { get; }

    /// <summary><c>tool_use_id</c> when present: the join key to the API turn's <c>tool_use</c> block.</summary>
    public string? ToolUseId { get; }

    /// <summary>
    /// Parses a hook payload. Never throws on bad input.
    /// </summary>
    /// <param name="utf8Json">The request body as UTF-8 bytes.</param>
    /// <param name="hookEvent">The event when the payload is a JSON object.</param>
    /// <param name="error">Why the payload was rejected, with the position for malformed JSON.</param>
    /// <returns><see langword="true"/> when the payload is a JSON object.</returns>
    public static bool TryParse(
        ReadOnlyMemory<byte> utf8Json,
        [NotNullWhen(true)] out HookEvent? hookEvent,
        [NotNullWhen(false)] out string? error)
        => TryParse(utf8Json, eventNameHint: null, out hookEvent, out error);

    /// <summary>
    /// Parses a hook payload, naming the event after <paramref name="eventNameHint"/> when the payload
    /// carries no <c>hook_event_name</c>. Never throws on bad input.
    /// </summary>
    /// <param name="utf8Json">The request body as UTF-8 bytes.</param>
    /// <param name="eventNameHint">The event name known from elsewhere, e.g. the URL <c>/hooks/{event}</c>.</param>
    /// <param name="hookEvent">The event when the payload is a JSON object.</param>
    /// <param name="error">Why the payload was rejected, with the position for malformed JSON.</param>
    /// <returns><see langword="true"/> when the payload is a JSON object.</returns>
    public static bool TryParse(
        ReadOnlyMemory<byte> utf8Json,
        string? eventNameHint,
        [NotNullWhen(true)] out HookEvent? hookEvent,
        [NotNullWhen(false)] out string? error)
    {
        hookEvent = null;
        if (utf8Json.IsEmpty)
        {
            error = "Hook payload is empty; expected a JSON object.";
            return false;
        }

        // A private copy: callers often hand over pooled request buffers that are reused after return.
        var copy = utf8Json.ToArray();
        JsonElement root;
        try
        {
            // Some HTTP clients prepend a UTF-8 BOM; the JSON parser rejects it, RawJson keeps it.
            var json = copy.AsMemory();
            if (json.Span.StartsWith("\uFEFF"u8))
            {
                json = json[3..];
            }

            using var document = JsonDocument.Parse(json);
            // Clone detaches the element from the pooled document so it can outlive this method.
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            error = DescribeJsonError("Hook payload", ex);
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"Hook payload must be a JSON object, but it is {DescribeKind(root.ValueKind)}.";
            return false;
        }

        var fromPayload = PayloadProperty.GetString(root, "hook_event_name");
        var eventName = !string.IsNullOrEmpty(fromPayload) ? fromPayload
            : !string.IsNullOrEmpty(eventNameHint) ? eventNameHint
            : UnknownEventName;
        hookEvent = new HookEvent(copy, root, eventName, !string.IsNullOrEmpty(fromPayload));
        error = null;
        return true;
    }

    /// <summary>Looks up a top-level property of the payload.</summary>
    /// <param name="propertyName">The JSON property name, e.g. <c>tool_name</c>.</param>
    /// <param name="value">The property value when present.</param>
    /// <returns><see langword="true"/> when the payload has the property.</returns>
    public bool TryGetProperty(string propertyName, out JsonElement value)
        => Root.TryGetProperty(propertyName, out value);

    /// <summary>A top-level string property, or <see langword="null"/> when missing or not a string.</summary>
    /// <param name="propertyName">The JSON property name.</param>
    /// <returns>The string value or <see langword="null"/>.</returns>
    public string? GetString(string propertyName) => PayloadProperty.GetString(Root, propertyName);

    /// <inheritdoc/>
    public override string ToString() => $"{EventName} (session {SessionId ?? "?"})";

    internal static string DescribeJsonError(string what, JsonException ex)
    {
        // JsonException positions are zero-based; people count lines and columns from one.
        var position = ex.LineNumber is { } line
            ? $" at line {line + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}"
            : string.Empty;
        var reason = ex.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut];
        }

        return $"{what} is not valid JSON{position}: {reason.TrimEnd()}";
    }

    private static string DescribeKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
