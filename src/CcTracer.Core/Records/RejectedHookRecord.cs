using System.Buffers;
using System.Text.Json;
using CcTracer.Secrets;

namespace CcTracer.Storage;

/// <summary>A POST to the hook sink that could not be read as a hook event. Kept raw, never dropped.</summary>
public sealed class RejectedHookRecord : TraceRecord
{
    /// <summary>Creates the record.</summary>
    public RejectedHookRecord(string? sessionId, string error, string? contentType, string? eventHint, ReadOnlyMemory<byte> body)
        : base(RecordTypes.HookRejected, sessionId)
    {
        Error = error;
        ContentType = contentType;
        EventHint = eventHint;
        Body = body;
    }

    /// <summary>Why it was rejected (with the position for malformed JSON).</summary>
    public string Error { get; }

    /// <summary>The request's Content-Type.</summary>
    public string? ContentType { get; }

    /// <summary>The event name from the URL (<c>/hooks/{event}</c>), if any.</summary>
    public string? EventHint { get; }

    /// <summary>The body as received.</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <inheritdoc />
    private protected override void MaskSecrets(SecretMasker masker, MaskReport report)
    {
        if (masker.MaskBodies && masker.MaskBytes(new ReadOnlySequence<byte>(Body), "payload", report) is { } masked)
        {
            Body = masked;
            report.BodyMasked = true;
        }
    }

    /// <inheritdoc />
    protected internal override void WriteFields(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("error", Error);
        writer.WriteString("content_type", ContentType);
        if (EventHint is not null)
        {
            writer.WriteString("event", EventHint);
        }

        BodyJson.Write(writer, Body.Span);
    }
}
