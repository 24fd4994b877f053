namespace CcTracer.Replay;

/// <summary>Token counts summed over API turns, by kind.</summary>
/// <param name="InputTokens">Uncached input tokens (<c>input_tokens</c>).</param>
/// <param name="OutputTokens">Generated tokens (<c>output_tokens</c>).</param>
/// <param name="CacheReadInputTokens">Input tokens served from the prompt cache (<c>cache_read_input_tokens</c>).</param>
/// <param name="CacheCreationInputTokens">Input tokens written to the prompt cache (<c>cache_creation_input_tokens</c>).</param>
public sealed record TokenTotals(long InputTokens, long OutputTokens, long CacheReadInputTokens, long CacheCreationInputTokens)
{
    /// <summary>No tokens.</summary>
    public static TokenTotals Zero { get; } = new(0, 0, 0, 0);

    /// <summary>Every input token, cached or not: what the model read.</summary>
    public long TotalInputTokens => InputTokens + CacheReadInputTokens + CacheCreationInputTokens;

    /// <summary>All four kinds together.</summary>
    public long TotalTokens => TotalInputTokens + OutputTokens;

    /// <summary>The sum of two totals.</summary>
    /// <param name="other">The totals to add.</param>
    /// <returns>A new total.</returns>
    public TokenTotals Add(TokenTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            InputTokens + other.InputTokens,
            OutputTokens + other.OutputTokens,
            CacheReadInputTokens + other.CacheReadInputTokens,
            CacheCreationInputTokens + other.CacheCreationInputTokens);
    }
}
