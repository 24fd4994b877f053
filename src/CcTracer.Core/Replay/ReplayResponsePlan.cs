namespace CcTracer.Replay;

/// <summary>What to send back for one recorded exchange: status, headers, and the body in timed pieces.</summary>
internal sealed class ReplayResponsePlan
{
    // The logged body is decoded and re-framed by whoever replays it, so these would lie.
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "content-type", "date", "server",
    };

    private ReplayResponsePlan(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlyList<ReadOnlyMemory<byte>> chunks, IReadOnlyList<TimeSpan> delays)
    {
        Status = status;
        ContentType = contentType;
        Headers = headers;
        Chunks = chunks;
        Delays = delays;
    }

    public int Status { get; }

    public string ContentType { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body: one piece per SSE event when streamed (they concatenate to the recorded text), else one piece.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Chunks { get; }

    /// <summary>How long to wait before each chunk.</summary>
    public IReadOnlyList<TimeSpan> Delays { get; }

    public static ReplayResponsePlan For(RecordedTurn turn, double timingScale)
    {
        var contentType = turn.ResponseHeaders.TryGetValue("content-type", out var ct) && ct.Length > 0
            ? ct
            : turn.IsStreamed ? "text/event-stream" : "application/json";
        var headers = turn.ResponseHeaders.Where(h => !Dropped.Contains(h.Key)).ToArray();
        var body = turn.ResponseBody.AsMemory();
        IReadOnlyList<ReadOnlyMemory<byte>> chunks = turn.IsStreamed ? SseFraming.SplitEvents(body) : body.IsEmpty ? [] : [body];
        var delays = new TimeSpan[chunks.Count];
        if (timingScale > 0 && turn.IsStreamed)
        {
            var offsets = turn.EventOffsetsMs;
            var previous = 0.0;
            for (var i = 0; i < delays.Length && i < offsets.Count; i++)
            {
                delays[i] = TimeSpan.FromMilliseconds(Math.Max(0, offsets[i] - previous) * timingScale);
                previous = offsets[i];
            }
        }

        return new ReplayResponsePlan(turn.Status ?? 502, contentType, headers, chunks, delays);
    }
}
