using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcTracer.Analysis.Pricing;

/// <summary>
/// The dated prices estimates are made from: the built-in table, or a pricing file whose entries
/// come first (and replace the built-in ones entirely when it says <c>"replace": true</c>).
/// </summary>
internal sealed class PricingTable
{
    private static readonly JsonSerializerOptions FileOptions = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private readonly IReadOnlyList<ModelPrice> _prices;

    public PricingTable(IReadOnlyList<ModelPrice> prices, string date, string source)
    {
        _prices = prices;
        Date = date;
        Source = source;
    }

    public static PricingTable BuiltIn { get; } = new(BuiltInPrices.All, BuiltInPrices.Date, BuiltInPrices.Source);

    /// <summary>The date the prices were known to be right.</summary>
    public string Date { get; }

    /// <summary>Where they come from.</summary>
    public string Source { get; }

    /// <summary>The family a model id belongs to (longest matching prefix), or <see langword="null"/> for an unknown model.</summary>
    public ModelPrice? Find(string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        ModelPrice? best = null;
        var bestLength = -1;
        foreach (var price in _prices)
        {
            // Earlier entries win ties: a pricing file's entries come before the built-in ones.
            if (price.MatchLength(model) is var length && length > bestLength)
            {
                best = price;
                bestLength = length;
            }
        }

        return best;
    }

    /// <summary>Reads a pricing file (docs/http-api.md, "Pricing file"); throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static PricingTable Load(string path)
    {
        PricingFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize<PricingFile>(stream, FileOptions);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new InvalidDataException($"Pricing file '{path}' could not be read: {e.Message}", e);
        }

        if (file?.Models is not { Count: > 0 } models)
        {
            throw new InvalidDataException($"Pricing file '{path}' has no \"models\".");
        }

        foreach (var model in models)
        {
            if (string.IsNullOrWhiteSpace(model.Family) || model.Models is not { Count: > 0 } || model.Rates is null)
            {
                throw new InvalidDataException($"Pricing file '{path}': every entry needs \"family\", \"models\" (id prefixes) and \"rates\".");
            }

            if (new[] { model.Rates, model.LongContextRates }.Any(r => r is not null && (r.Input < 0 || r.Output < 0 || r.CacheRead < 0 || r.CacheWrite5m < 0 || r.CacheWrite1h < 0)))
            {
                throw new InvalidDataException($"Pricing file '{path}': rates of '{model.Family}' must not be negative.");
            }
        }

        var prices = file.Replace ? models : [.. models, .. BuiltInPrices.All];
        return new PricingTable(prices, file.Date ?? File.GetLastWriteTimeUtc(path).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), file.Source ?? path);
    }

    private sealed record PricingFile
    {
        [JsonPropertyName("date")] public string? Date { get; init; }

        [JsonPropertyName("source")] public string? Source { get; init; }

        [JsonPropertyName("replace")] public bool Replace { get; init; }

        [JsonPropertyName("models")] public List<ModelPrice>? Models { get; init; }
    }
}
