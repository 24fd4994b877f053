namespace CcTracer.Turns;

/// <summary>
/// Maps event and delta type names (UTF-8, straight from the wire) to kinds, and known event names to
/// shared string instances so that recording every event's type allocates nothing.
/// </summary>
internal static class StreamNames
{
    public const string MessageStart = "message_start";
    public const string ContentBlockStart = "content_block_start";
    public const string ContentBlockDelta = "content_block_delta";
    public const string ContentBlockStop = "content_block_stop";
    public const string MessageDelta = "message_delta";
    public const string MessageStop = "message_stop";
    public const string Ping = "ping";
    public const string Error = "error";

    /// <summary>The SSE default event type, used by servers that put the type only in the data.</summary>
    public static ReadOnlySpan<byte> DefaultSseType => "message"u8;

    /// <summary>Classifies an event type; <paramref name="name"/> is a shared instance for known types, <see langword="null"/> otherwise.</summary>
    public static StreamEventKind ClassifyEvent(ReadOnlySpan<byte> type, out string? name)
    {
        (StreamEventKind kind, name) = type switch
        {
            _ when type.SequenceEqual("content_block_delta"u8) => (StreamEventKind.ContentBlockDelta, ContentBlockDelta),
            _ when type.SequenceEqual("content_block_start"u8) => (StreamEventKind.ContentBlockStart, ContentBlockStart),
            _ when type.SequenceEqual("content_block_stop"u8) => (StreamEventKind.ContentBlockStop, ContentBlockStop),
            _ when type.SequenceEqual("ping"u8) => (StreamEventKind.Ping, Ping),
            _ when type.SequenceEqual("message_start"u8) => (StreamEventKind.MessageStart, MessageStart),
            _ when type.SequenceEqual("message_delta"u8) => (StreamEventKind.MessageDelta, MessageDelta),
            _ when type.SequenceEqual("message_stop"u8) => (StreamEventKind.MessageStop, MessageStop),
            _ when type.SequenceEqual("error"u8) => (StreamEventKind.Error, Error),
            _ => (StreamEventKind.Unknown, (string?)null),
        };
        return kind;
    }

    /// <summary>Classifies a delta <c>type</c>.</summary>
    public static DeltaKind ClassifyDelta(ReadOnlySpan<byte> type) => type switch
    {
        _ when type.SequenceEqual("text_delta"u8) => DeltaKind.Text,
        _ when type.SequenceEqual("thinking_delta"u8) => DeltaKind.Thinking,
        _ when type.SequenceEqual("input_json_delta"u8) => DeltaKind.InputJson,
        _ when type.SequenceEqual("signature_delta"u8) => DeltaKind.Signature,
        _ when type.SequenceEqual("citations_delta"u8) => DeltaKind.Citations,
        _ when type.SequenceEqual("compaction_delta"u8) => DeltaKind.Compaction,
        _ => DeltaKind.Unknown,
    };

    /// <summary>The delta property that carries the payload of <paramref name="kind"/>.</summary>
    public static ReadOnlySpan<byte> PayloadProperty(DeltaKind kind) => kind switch
    {
        DeltaKind.Text => "text"u8,
        DeltaKind.Thinking => "thinking"u8,
        DeltaKind.InputJson => "partial_json"u8,
        DeltaKind.Signature => "signature"u8,
        DeltaKind.Citations => "citation"u8,
        DeltaKind.Compaction => "content"u8,
        _ => default,
    };
}
