namespace CcTracer.Analysis.Cache;

/// <summary>
/// Where two texts first differ, with short excerpts a person can read: the changed words with a
/// little context before them (<c>…Today's date is 2026-12-02…</c> → <c>…2026-12-03…</c>).
/// </summary>
internal sealed record TextChange(int Position, string Before, string After)
{
    private const int Context = 24;
    private const int MaxChanged = 120;

    /// <summary>The first difference between <paramref name="a"/> and <paramref name="b"/>, or <see langword="null"/> when equal.</summary>
    public static TextChange? Find(string a, string b)
    {
        var p = a.AsSpan().CommonPrefixLength(b);
        if (p == a.Length && p == b.Length)
        {
            return null;
        }

        var s = 0;
        while (s < a.Length - p && s < b.Length - p && a[a.Length - 1 - s] == b[b.Length - 1 - s])
        {
            s++;
        }

        // Widen the change to whole words, so "2026-12-02" shows rather than "2".
        var start = p;
        while (start > 0 && p - start < Context && !char.IsWhiteSpace(a[start - 1]))
        {
            start--;
        }

        var contextStart = Math.Max(0, start - Context);
        while (contextStart > 0 && contextStart < start && !char.IsWhiteSpace(a[contextStart - 1]))
        {
            contextStart++;
        }

        return new TextChange(p, Excerpt(a, contextStart, WordEnd(a, a.Length - s)), Excerpt(b, start, WordEnd(b, b.Length - s)));
    }

    private static int WordEnd(string text, int end)
    {
        var stop = end;
        while (stop < text.Length && stop - end < Context && !char.IsWhiteSpace(text[stop]))
        {
            stop++;
        }

        return stop;
    }

    private static string Excerpt(string text, int start, int end)
    {
        end = Math.Max(start, end);
        var body = end - start > MaxChanged ? text[start..(start + MaxChanged)] + "…" : text[start..end];
        return (start > 0 ? "…" : string.Empty) + body + (end < text.Length && end - start <= MaxChanged ? "…" : string.Empty);
    }
}
