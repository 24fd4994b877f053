using System.Text.Json;

namespace CcTracer.Analysis.Tokens;

/// <summary>The token counts of one call, from the response's final <c>usage</c>.</summary>
internal readonly record struct TokenUsage(long Input, long Output, long CacheRead, long CacheWrite, long CacheWrite5m, long CacheWrite1h)
{
    /// <summary>Everything the model read: uncached input, cache reads and cache writes.</summary>
    public long ContextTokens => Input + CacheRead + CacheWrite;

    public static TokenUsage? Read(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var write = Long(usage, "cache_creation_input_tokens");
        long write5m = write, write1h = 0;
        // The split by TTL, when the API gives it; otherwise every write is priced as 5-minute.
        if (usage.TryGetProperty("cache_creation", out var split) && split.ValueKind == JsonValueKind.Object)
        {
            write1h = Long(split, "ephemeral_1h_input_tokens");
            write5m = Math.Max(0, write - write1h);
        }

        return new TokenUsage(Long(usage, "input_tokens"), Long(usage, "output_tokens"), Long(usage, "cache_read_input_tokens"), write, write5m, write1h);
    }

    private static long Long(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;
}
