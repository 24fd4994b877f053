using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>A Claude Code hook event exactly as it was POSTed to the sink.</summary>
public sealed class HookRecord : TraceRecord
{
    /// <summary>Creates a hook record; <paramref name="payload"/> must be a JSON object (the sink checks).</summary>
    public HookRecord(string? sessionId, string eventName, string? toolUseId, ReadOnlyMemory<byte> payload)
        : base(RecordTypes.Hook, sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        EventName = eventName;
        ToolUseId = toolUseId;
        Payload = payload;
    }

    /// <summary>The hook event name (known or not).</summary>
    public string EventName { get; }

    /// <summary>The payload's <c>tool_use_id</c>: the join key to API turns.</summary>
    public string? ToolUseId { get; }

    /// <summary>The payload bytes.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <inheritdoc />
    protected internal override void WriteFields(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("event", EventName);
        if (ToolUseId is not null)
        {
            writer.WriteString("tool_use_id", ToolUseId);
        }

        var span = Payload.Span;
        if (span.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            writer.WritePropertyName("payload");
            writer.WriteRawValue(span, skipInputValidation: true);
        }
        else
        {
            writer.WriteString("payload_text", span);
        }
    }
}
