namespace CcTracer.Analysis;

/// <summary>The session roll-up of its calls (docs/http-api.md, "Analysis").</summary>
internal sealed record SessionTotals
{
    public int Calls { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheReadTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    /// <summary>Cache reads over everything read (input + cache read + cache write); null with no tokens.</summary>
    public double? CacheHitRatio { get; init; }

    /// <summary>The sum over calls of known models; null when no call could be priced.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Calls whose model the pricing table does not know (left out of <see cref="CostUsd"/>).</summary>
    public int UnpricedCalls { get; init; }

    public IReadOnlyList<string> UnknownModels { get; init; } = [];

    /// <summary>From the first request to the last response.</summary>
    public double? WallMs { get; init; }

    public double? TtftP50Ms { get; init; }

    public double? TtftP95Ms { get; init; }

    public double? OutputTokensPerSecondP50 { get; init; }

    public int Stalls { get; init; }

    public IReadOnlyDictionary<string, int> Verdicts { get; init; } = new Dictionary<string, int>();

    public static SessionTotals From(IReadOnlyList<CallAnalysis> calls)
    {
        long input = 0, output = 0, read = 0, write = 0;
        decimal? cost = null;
        var unpriced = 0;
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        var verdicts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        DateTimeOffset? first = null, last = null;
        var ttfts = new List<double>();
        var speeds = new List<double>();
        var stalls = 0;
        foreach (var call in calls)
        {
            if (call.Usage is { } u)
            {
                input += u.Input;
                output += u.Output;
                read += u.CacheRead;
                write += u.CacheWrite;
            }

            if (call.Cost.Usd is { } usd)
            {
                cost = (cost ?? 0) + usd;
            }
            else if (call.Usage is not null)
            {
                unpriced++;
                if (call.Cost.Family is null)
                {
                    unknown.Add(call.Model ?? "(none)");
                }
            }

            verdicts[call.Cache.Verdict] = verdicts.GetValueOrDefault(call.Cache.Verdict) + 1;
            first = Min(first, call.Started);
            last = Max(last, call.Ended ?? call.Started);
            if (call.Timing.TtftMs is { } ttft)
            {
                ttfts.Add(ttft);
            }

            if (call.Timing.OutputTokensPerSecond is { } speed)
            {
                speeds.Add(speed);
            }

            stalls += call.Timing.Stalls.Count;
        }

        var all = input + read + write;
        return new SessionTotals
        {
            Calls = calls.Count,
            InputTokens = input,
            OutputTokens = output,
            CacheReadTokens = read,
            CacheWriteTokens = write,
            CacheHitRatio = all > 0 ? read / (double)all : null,
            CostUsd = cost,
            UnpricedCalls = unpriced,
            UnknownModels = [.. unknown],
            WallMs = first is { } f && last is { } l ? (l - f).TotalMilliseconds : null,
            TtftP50Ms = Percentile(ttfts, 0.50),
            TtftP95Ms = Percentile(ttfts, 0.95),
            OutputTokensPerSecondP50 = Percentile(speeds, 0.50),
            Stalls = stalls,
            Verdicts = verdicts,
        };
    }

    /// <summary>Nearest-rank percentile; null for no values.</summary>
    internal static double? Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var rank = (int)Math.Ceiling(p * values.Count);
        return values[Math.Clamp(rank - 1, 0, values.Count - 1)];
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
