namespace CcTracer.Analysis.Pricing;

/// <summary>
/// Anthropic's list prices per million tokens as known on <see cref="Date"/> (source: the Anthropic
/// pricing page). Cache reads are 0.1× input, 5-minute writes 1.25×, 1-hour writes 2×. Estimates
/// only: batch, regional and negotiated prices differ. Override with a pricing file (docs/http-api.md).
/// </summary>
internal static class BuiltInPrices
{
    public const string Date = "2026-12-03";
    public const string Source = "Anthropic pricing page";

    /// <summary>Sonnet 4/4.5 above 200k input tokens (1M-context beta): input 2×, output 1.5×.</summary>
    private static readonly TokenRates SonnetLong = TokenRates.Standard(6m, 22.5m);

    /// <summary>Opus 4.6 and later above 200k input tokens: input 2×, output 1.5×.</summary>
    private static readonly TokenRates OpusLong = TokenRates.Standard(10m, 37.5m);

    public static readonly IReadOnlyList<ModelPrice> All =
    [
        new() { Family = "Opus 4.5", Models = ["claude-opus-4-5"], Rates = TokenRates.Standard(5m, 25m) },
        new()
        {
            Family = "Opus 4.6+", Models = ["claude-opus-4-6", "claude-opus-4-7", "claude-opus-4-8"], Rates = TokenRates.Standard(5m, 25m),
            LongContextThreshold = 200_000, LongContextRates = OpusLong,
            Note = "Opus 4.7 and 4.8 assumed at Opus 4.6 rates",
        },
        new() { Family = "Opus 4.1", Models = ["claude-opus-4-1"], Rates = TokenRates.Standard(15m, 75m) },
        new() { Family = "Opus 4", Models = ["claude-opus-4", "claude-opus-4-0"], Rates = TokenRates.Standard(15m, 75m) },
        new() { Family = "Opus 3", Models = ["claude-3-opus"], Rates = TokenRates.Standard(15m, 75m) },
        new()
        {
            Family = "Sonnet 4.x", Models = ["claude-sonnet-4", "claude-sonnet-4-0", "claude-sonnet-4-5", "claude-sonnet-4-6"], Rates = TokenRates.Standard(3m, 15m),
            LongContextThreshold = 200_000, LongContextRates = SonnetLong,
            Note = "Sonnet 4.6 assumed at Sonnet 4.5 rates",
        },
        new() { Family = "Sonnet 3.7", Models = ["claude-3-7-sonnet"], Rates = TokenRates.Standard(3m, 15m) },
        new() { Family = "Sonnet 3.5", Models = ["claude-3-5-sonnet"], Rates = TokenRates.Standard(3m, 15m) },
        new() { Family = "Haiku 4.5", Models = ["claude-haiku-4-5"], Rates = TokenRates.Standard(1m, 5m) },
        new() { Family = "Haiku 3.5", Models = ["claude-3-5-haiku"], Rates = TokenRates.Standard(0.8m, 4m) },
        new() { Family = "Haiku 3", Models = ["claude-3-haiku"], Rates = TokenRates.Standard(0.25m, 1.25m) with { CacheWrite5m = 0.3m, CacheWrite1h = 0.5m, CacheRead = 0.03m } },
    ];
}
