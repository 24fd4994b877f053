using System.Text.Json;

namespace CcTracer.Analysis;

/// <summary>How one call's response arrived: first byte, first token, total, output speed and stalls.</summary>
internal sealed record CallTiming(double? TtfbMs, double? TtftMs, double? TotalMs, double? OutputTokensPerSecond, IReadOnlyList<(double AtMs, double GapMs)> Stalls)
{
    /// <summary>
    /// Reads <c>timings</c> and recomputes stalls from <c>event_offsets_ms</c> with
    /// <paramref name="stallThreshold"/> (the recorded stalls used the capture's threshold).
    /// </summary>
    public static CallTiming Read(JsonElement response, long outputTokens, TimeSpan stallThreshold)
    {
        double? ttfb = null, ttft = null, total = null;
        if (response.TryGetProperty("timings", out var timings) && timings.ValueKind == JsonValueKind.Object)
        {
            ttfb = Ms(timings, "ttfb_ms");
            ttft = Ms(timings, "ttft_ms");
            total = Ms(timings, "total_ms");
        }

        var stalls = new List<(double, double)>();
        if (response.TryGetProperty("event_offsets_ms", out var offsets) && offsets.ValueKind == JsonValueKind.Array)
        {
            double? previous = null;
            var threshold = stallThreshold.TotalMilliseconds;
            foreach (var offset in offsets.EnumerateArray())
            {
                if (offset.ValueKind != JsonValueKind.Number)
                {
                    continue;
                }

                var at = offset.GetDouble();
                if (previous is { } p && at - p > threshold)
                {
                    stalls.Add((p, at - p));
                }

                previous = at;
            }
        }

        // Tokens per second while generating: from the first token to the end.
        double? speed = ttft is { } first && total is { } end && end - first > 1 && outputTokens > 0
            ? outputTokens / ((end - first) / 1000.0)
            : null;
        return new CallTiming(ttfb, ttft, total, speed, stalls);
    }

    private static double? Ms(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
