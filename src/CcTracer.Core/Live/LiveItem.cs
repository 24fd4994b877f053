namespace CcTracer.Live;

/// <summary>
/// One item of the live feed: an SSE event name (<c>record</c>, <c>progress</c>, <c>session</c>,
/// <c>dropped</c>) and its JSON data, serialized once and shared by every subscriber.
/// </summary>
/// <param name="Event">The event name (docs/http-api.md).</param>
/// <param name="SessionId">The session it concerns.</param>
/// <param name="Data">UTF-8 JSON.</param>
public sealed record LiveItem(string Event, string SessionId, ReadOnlyMemory<byte> Data);
