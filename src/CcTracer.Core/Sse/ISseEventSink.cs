namespace CcTracer.Sse;

/// <summary>
/// Receives each event <see cref="SsePushParser"/> dispatches. The spans are only valid for the
/// duration of the call: the parser reuses its buffers, which is what keeps it allocation-free.
/// </summary>
internal interface ISseEventSink
{
    /// <summary>One dispatched event: its type (<c>message</c> when no <c>event:</c> field was given) and its joined data.</summary>
    void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data);
}
