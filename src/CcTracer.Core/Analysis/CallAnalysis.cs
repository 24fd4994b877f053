using CcTracer.Analysis.Cache;
using CcTracer.Analysis.Context;
using CcTracer.Analysis.Pricing;
using CcTracer.Analysis.Tokens;

namespace CcTracer.Analysis;

/// <summary>The cache side of one call: verdict, tokens, the break explanation and the API's own diagnosis.</summary>
internal sealed record CallCache(string Verdict, long ReadTokens, long WriteTokens, CacheBreak? Break, string? ApiReasonJson, double? GapMs, TimeSpan Ttl);

/// <summary>Everything the analysis says about one API call (docs/http-api.md, "Analysis").</summary>
internal sealed record CallAnalysis
{
    /// <summary>The <c>seq</c> of the call's <c>api_request</c>.</summary>
    public required long Seq { get; init; }

    /// <summary>The <c>seq</c> of its <c>api_response</c>.</summary>
    public required long ResponseSeq { get; init; }

    public required string ExchangeId { get; init; }

    public string? Model { get; init; }

    public required string ThreadKey { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Ended { get; init; }

    public int Status { get; init; }

    public TokenUsage? Usage { get; init; }

    public ContextComposition? Context { get; init; }

    public required CallCache Cache { get; init; }

    public required CostEstimate Cost { get; init; }

    public required CallTiming Timing { get; init; }

    public QuotaSample? Quota { get; init; }
}
