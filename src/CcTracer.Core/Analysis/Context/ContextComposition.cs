namespace CcTracer.Analysis.Context;

/// <summary>One part of the context: bytes as sent, tokens estimated.</summary>
internal sealed record ContextPart(string Name, long Bytes, long Tokens, int Count = 0, IReadOnlyList<ContextPart>? Items = null);

/// <summary>
/// What filled one call's context. Tokens are estimated from bytes and scaled so that the
/// categories add up exactly to the call's real input tokens (input + cache read + cache write);
/// with no usage to scale to, they are bytes / 4 and <see cref="Scaled"/> is false.
/// </summary>
internal sealed record ContextComposition(
    long Tokens,
    long Bytes,
    bool Scaled,
    IReadOnlyList<ContextPart> Categories,
    IReadOnlyList<ContextPart> ToolGroups,
    IReadOnlyList<ContextPart> SystemBlocks,
    IReadOnlyList<ContextPart> TopToolResults,
    IReadOnlyList<ContextPart> TopFiles)
{
    private const int Top = 10;
    private const double BytesPerToken = 4.0;

    public static ContextComposition From(ContextTally tally, long realTokens)
    {
        var total = tally.TotalBytes;
        var scaled = realTokens > 0 && total > 0;
        var factor = scaled ? realTokens / (double)total : 1 / BytesPerToken;
        long Tokens(long bytes) => (long)Math.Round(bytes * factor);

        var categories = ContextCategories.All.Where(tally.Categories.ContainsKey).Select(c => (Name: c, Bytes: tally.Categories[c])).ToList();
        var categoryTokens = Apportion(categories.Select(c => c.Bytes).ToList(), scaled ? realTokens : (long)Math.Round(total / BytesPerToken));
        return new ContextComposition(
            scaled ? realTokens : categoryTokens.Sum(),
            total,
            scaled,
            [.. categories.Select((c, i) => new ContextPart(c.Name, c.Bytes, categoryTokens[i]))],
            [.. tally.ToolGroups.OrderByDescending(g => g.Value.Bytes).Select(g => new ContextPart(
                g.Key,
                g.Value.Bytes,
                Tokens(g.Value.Bytes),
                g.Value.Tools,
                [.. tally.ToolDefinitions.Where(t => ContextTally.ToolGroupOf(t.Name) == g.Key).Select(t => new ContextPart(t.Name, t.Bytes, Tokens(t.Bytes)))]))],
            [.. tally.SystemBlocks.Select((b, i) => new ContextPart(i.ToString(System.Globalization.CultureInfo.InvariantCulture), b, Tokens(b)))],
            [.. tally.ToolResults.OrderByDescending(r => r.Value.Bytes).Take(Top).Select(r => new ContextPart(r.Key, r.Value.Bytes, Tokens(r.Value.Bytes), r.Value.Count))],
            [.. tally.Files.OrderByDescending(f => f.Value.Bytes).Take(Top).Select(f => new ContextPart(f.Key, f.Value.Bytes, Tokens(f.Value.Bytes), f.Value.Count))]);
    }

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/>, largest remainders first, so the parts sum exactly.</summary>
    internal static long[] Apportion(IReadOnlyList<long> weights, long total)
    {
        var result = new long[weights.Count];
        var sum = weights.Sum();
        if (sum <= 0 || total <= 0)
        {
            return result;
        }

        var remainders = new (double Remainder, int Index)[weights.Count];
        long given = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = weights[i] * (double)total / sum;
            result[i] = (long)Math.Floor(exact);
            given += result[i];
            remainders[i] = (exact - result[i], i);
        }

        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)(total - given)))
        {
            result[index]++;
        }

        return result;
    }
}
