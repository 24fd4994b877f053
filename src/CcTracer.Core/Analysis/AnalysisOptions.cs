namespace CcTracer.Analysis;

/// <summary>How sessions are analysed: the pricing table, and the thresholds behind verdicts (docs/http-api.md, "Analysis").</summary>
public sealed class AnalysisOptions
{
    /// <summary>
    /// A JSON pricing file whose prices come before the built-in table (docs/http-api.md, "Pricing
    /// file"); <see langword="null"/> for the built-in table only.
    /// </summary>
    public string? PricingFile { get; set; }

    /// <summary>A gap between two SSE events of a response longer than this is a stall. Default: 2 s.</summary>
    public TimeSpan StallThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A call is a cache <c>hit</c> when it reads at least this fraction of what the previous call
    /// of its thread left cached (that call's reads plus writes). Default: 0.99 — an unchanged
    /// prefix is read in full, so even a small drop is a change worth explaining.
    /// </summary>
    public double HitRatio { get; set; } = 0.99;
}
