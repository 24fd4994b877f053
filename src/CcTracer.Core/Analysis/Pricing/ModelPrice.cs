using System.Text.Json.Serialization;

namespace CcTracer.Analysis.Pricing;

/// <summary>USD per million tokens for one kind of token use.</summary>
internal sealed record TokenRates
{
    [JsonPropertyName("input")] public decimal Input { get; init; }

    [JsonPropertyName("output")] public decimal Output { get; init; }

    [JsonPropertyName("cache_read")] public decimal CacheRead { get; init; }

    [JsonPropertyName("cache_write_5m")] public decimal CacheWrite5m { get; init; }

    [JsonPropertyName("cache_write_1h")] public decimal CacheWrite1h { get; init; }

    /// <summary>The usual multipliers of the base input price: reads 0.1×, 5-minute writes 1.25×, 1-hour writes 2×.</summary>
    public static TokenRates Standard(decimal input, decimal output)
        => new() { Input = input, Output = output, CacheRead = input / 10, CacheWrite5m = input * 1.25m, CacheWrite1h = input * 2 };
}

/// <summary>
/// The price of a model family: which model ids it covers (prefixes), its rates, and where it has
/// them, the long-context rates that apply to a whole request above a number of input tokens.
/// </summary>
internal sealed record ModelPrice
{
    [JsonPropertyName("family")] public required string Family { get; init; }

    /// <summary>Model id prefixes, e.g. <c>claude-sonnet-4-5</c> (also matches dated ids).</summary>
    [JsonPropertyName("models")] public required IReadOnlyList<string> Models { get; init; }

    [JsonPropertyName("rates")] public required TokenRates Rates { get; init; }

    [JsonPropertyName("long_context_threshold")] public long? LongContextThreshold { get; init; }

    [JsonPropertyName("long_context_rates")] public TokenRates? LongContextRates { get; init; }

    /// <summary>A note shown with estimates (e.g. a price assumed from an earlier generation).</summary>
    [JsonPropertyName("note")] public string? Note { get; init; }

    /// <summary>The length of the longest prefix of this family that <paramref name="model"/> starts with, or -1.</summary>
    public int MatchLength(string model)
    {
        var best = -1;
        foreach (var prefix in Models)
        {
            if (model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && prefix.Length > best && !IsOtherVersion(model.AsSpan(prefix.Length)))
            {
                best = prefix.Length;
            }
        }

        return best;
    }

    /// <summary>
    /// What follows a matching prefix names another model when it continues the version:
    /// <c>claude-opus-4</c> covers <c>claude-opus-4-20250514</c> (a date) but not <c>claude-opus-4-9</c>.
    /// </summary>
    private static bool IsOtherVersion(ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty)
        {
            return false;
        }

        if (char.IsAsciiDigit(rest[0]))
        {
            return true;
        }

        if (rest[0] != '-')
        {
            return false;
        }

        var digits = 0;
        while (digits + 1 < rest.Length && char.IsAsciiDigit(rest[digits + 1]))
        {
            digits++;
        }

        return digits is > 0 and < 8;
    }
}
