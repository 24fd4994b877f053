using CcTracer.Analysis.Tokens;

namespace CcTracer.Analysis.Cache;

/// <summary>
/// The verdict on one call's prompt cache use (docs/http-api.md, "Cache verdicts"). The
/// expected read is what the previous call of the same thread left cached: its reads plus its writes.
/// </summary>
internal static class CacheVerdicts
{
    /// <summary>Reads at least the hit ratio (AnalysisOptions.HitRatio) of the expected read.</summary>
    public const string Hit = "hit";

    /// <summary>Reads some, but less than the hit ratio (AnalysisOptions.HitRatio) of the expected read.</summary>
    public const string Partial = "partial";

    /// <summary>Reads nothing although the previous call of the thread cached a prefix within the TTL.</summary>
    public const string Miss = "miss";

    /// <summary>The first call of its thread, or the previous call cached nothing: nothing to read yet.</summary>
    public const string Cold = "cold";

    /// <summary>Less than expected was read and the previous call was longer ago than the cache lifetime.</summary>
    public const string Expired = "expired";

    /// <summary>No <c>cache_control</c> in the request and no cache tokens in the response.</summary>
    public const string None = "none";

    /// <summary>The response has no usage (a failed or cancelled call).</summary>
    public const string Unknown = "unknown";

    /// <summary>The verdicts whose reads dropped, which the explainer explains.</summary>
    public static bool IsBreak(string verdict) => verdict is Partial or Miss or Expired;

    /// <summary>Judges a call against the previous call of its thread (<see langword="null"/> for the first).</summary>
    public static string Judge(bool hasCacheControl, TokenUsage? usage, TokenUsage? previous, TimeSpan? gap, TimeSpan ttl, double hitRatio)
    {
        if (usage is not { } u)
        {
            return Unknown;
        }

        if (!hasCacheControl && u.CacheRead == 0 && u.CacheWrite == 0)
        {
            return None;
        }

        var expected = previous is { } p ? p.CacheRead + p.CacheWrite : 0;
        if (expected == 0)
        {
            // Nothing was left cached by this thread: reads, if any, came from a prefix another thread shares.
            return u.CacheRead > 0 ? Hit : Cold;
        }

        if (u.CacheRead >= hitRatio * expected)
        {
            return Hit;
        }

        if (gap > ttl)
        {
            return Expired;
        }

        return u.CacheRead == 0 ? Miss : Partial;
    }
}
