using System.Globalization;
using System.Text.Json;

namespace CcTracer.Analysis;

/// <summary>One quota window (<c>5h</c>, <c>7d</c>, …) as the <c>anthropic-ratelimit-unified-*</c> headers gave it.</summary>
internal sealed record QuotaWindow(string Name, double? Utilization, DateTimeOffset? Reset, string? Status);

/// <summary>
/// The subscription quota as one response reported it: overall status and each window. Every
/// <c>anthropic-ratelimit-unified-*</c> header is also kept as sent (<see cref="Raw"/>), so
/// fields this version does not know still reach the UI.
/// </summary>
internal sealed record QuotaSample(long Seq, DateTimeOffset? At, string? Status, IReadOnlyList<QuotaWindow> Windows, IReadOnlyList<KeyValuePair<string, string>> Raw)
{
    private const string Prefix = "anthropic-ratelimit-unified-";

    public static QuotaSample? Read(long seq, DateTimeOffset? at, JsonElement response)
    {
        var raw = new List<KeyValuePair<string, string>>();
        foreach (var source in (ReadOnlySpan<string>)["rate_limits", "headers"])
        {
            if (response.TryGetProperty(source, out var headers) && headers.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in headers.EnumerateObject())
                {
                    if (header.Name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && header.Value.ValueKind == JsonValueKind.String
                        && !raw.Exists(r => string.Equals(r.Key, header.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        raw.Add(new(header.Name.ToLowerInvariant(), header.Value.GetString()!));
                    }
                }
            }
        }

        if (raw.Count == 0)
        {
            return null;
        }

        string? Get(string name) => raw.Find(r => r.Key == Prefix + name).Value;
        var windows = new List<QuotaWindow>();
        foreach (var name in raw.Select(r => r.Key[Prefix.Length..]).Where(k => k.EndsWith("-utilization", StringComparison.Ordinal) || k.EndsWith("-status", StringComparison.Ordinal) || k.EndsWith("-reset", StringComparison.Ordinal))
                     .Select(k => k[..k.LastIndexOf('-')]).Where(k => !k.Contains('-', StringComparison.Ordinal) && k.Length > 0).Distinct(StringComparer.Ordinal))
        {
            windows.Add(new QuotaWindow(
                name,
                double.TryParse(Get(name + "-utilization"), NumberStyles.Float, CultureInfo.InvariantCulture, out var u) ? u : null,
                ParseReset(Get(name + "-reset")),
                Get(name + "-status")));
        }

        return new QuotaSample(seq, at, Get("status"), windows, raw);
    }

    /// <summary>A reset is sent as Unix seconds; an ISO date is accepted too.</summary>
    private static DateTimeOffset? ParseReset(string? value)
        => value is null ? null
            : long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
