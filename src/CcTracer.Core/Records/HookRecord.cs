using System.Buffers;
using System.Text.Json;
using CcTracer.Secrets;
using System.Text.Unicode;

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

    /// <summary>The payload bytes (stored as <c>payload_base64</c> with <c>payload_not_utf8</c> when they are not UTF-8).</summary>
    public ReadOnlyMemory<byte> Payload { get; private set; }

    /// <inheritdoc />
    private protected override void MaskSecrets(SecretMasker masker, MaskReport report)
    {
        if (masker.MaskBodies && masker.MaskBytes(new ReadOnlySequence<byte>(Payload), "payload", report) is { } masked)
        {
            Payload = masked;
            report.BodyMasked = true;
        }
    }

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
        if (!Utf8.IsValid(span))
        {
            // JSON syntax does not make a body UTF-8 (the sink's reader does not check string
            // contents), and raw invalid bytes would make the line itself not JSON: keep them exactly.
            writer.WriteBoolean("payload_not_utf8", true);
            writer.WriteBase64String("payload_base64", span);
        }
        else if (span.IndexOfAny((byte)'\r', (byte)'\n') < 0 && (Masking is not { BodyMasked: true } || BodyJson.IsJson(span)))
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
