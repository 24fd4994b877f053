namespace CcTracer.Turns;

/// <summary>One SSE event of a streamed turn: its type and when it arrived.</summary>
/// <param name="Type">The SSE event type (<c>event:</c> field, or the data's <c>type</c> when the field is absent), e.g. <c>content_block_delta</c>, <c>ping</c>, or an unknown type as received.</param>
/// <param name="Offset">Arrival time since the request started: the offset of the chunk that completed the event.</param>
public readonly record struct SseEventTiming(string Type, TimeSpan Offset);
