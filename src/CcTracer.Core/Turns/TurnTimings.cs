namespace CcTracer.Turns;

/// <summary>Where the time of one API exchange went.</summary>
public sealed class TurnTimings
{
    internal TurnTimings(
        TimeSpan? timeToFirstByte,
        TimeSpan? timeToFirstToken,
        TimeSpan total,
        IReadOnlyList<BlockTiming> blocks,
        IReadOnlyList<StallTiming> stalls)
    {
        TimeToFirstByte = timeToFirstByte;
        TimeToFirstToken = timeToFirstToken;
        Total = total;
        Blocks = blocks;
        Stalls = stalls;
    }

    /// <summary>Arrival of the first response body byte since the request started; <see langword="null"/> when none arrived.</summary>
    public TimeSpan? TimeToFirstByte { get; }

    /// <summary>
    /// Arrival of the first non-empty <c>text_delta</c>, <c>thinking_delta</c> or <c>input_json_delta</c>
    /// (the API opens every tool call with an empty <c>input_json_delta</c>, which is not a generated token);
    /// <see langword="null"/> when there was none, and for non-streamed responses.
    /// </summary>
    public TimeSpan? TimeToFirstToken { get; }

    /// <summary>When the exchange ended (completed, failed or cancelled), since the request started.</summary>
    public TimeSpan Total { get; }

    /// <summary>Start and end of each content block, in the order the blocks started.</summary>
    public IReadOnlyList<BlockTiming> Blocks { get; }

    /// <summary>Gaps between consecutive SSE events longer than the stall threshold, in order.</summary>
    public IReadOnlyList<StallTiming> Stalls { get; }
}
