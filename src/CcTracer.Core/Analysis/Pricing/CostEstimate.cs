using CcTracer.Analysis.Tokens;

namespace CcTracer.Analysis.Pricing;

/// <summary>
/// The estimated price of one call: <see cref="Usd"/> is <see langword="null"/> for a model the
/// table does not know (never a guess). Always an estimate from the table of <see cref="PricingDate"/>.
/// </summary>
internal sealed record CostEstimate(decimal? Usd, string? Family, bool LongContext, string PricingDate, string? Note)
{
    /// <summary>The cost parts in USD: input, output, cache reads, cache writes.</summary>
    public (decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite)? Parts { get; init; }

    public static CostEstimate For(PricingTable table, string? model, TokenUsage? usage)
    {
        var price = table.Find(model);
        if (price is null)
        {
            return new CostEstimate(null, null, false, table.Date, "unknown model");
        }

        if (usage is not { } u)
        {
            return new CostEstimate(null, price.Family, false, table.Date, "no usage in the response");
        }

        // Long-context rates apply to the whole request once its input passes the threshold.
        var longContext = price.LongContextThreshold is { } threshold && price.LongContextRates is not null && u.ContextTokens > threshold;
        var rates = longContext ? price.LongContextRates! : price.Rates;
        const decimal Million = 1_000_000m;
        var input = u.Input * rates.Input / Million;
        var output = u.Output * rates.Output / Million;
        var read = u.CacheRead * rates.CacheRead / Million;
        var write = (u.CacheWrite5m * rates.CacheWrite5m + u.CacheWrite1h * rates.CacheWrite1h) / Million;
        return new CostEstimate(input + output + read + write, price.Family, longContext, table.Date, price.Note) { Parts = (input, output, read, write) };
    }
}
