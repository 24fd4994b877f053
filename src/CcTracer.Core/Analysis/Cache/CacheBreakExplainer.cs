using System.Globalization;
using CcTracer.Analysis.Requests;

namespace CcTracer.Analysis.Cache;

/// <summary>
/// Names the first cache-relevant difference between a call and the previous call of its thread,
/// in the order the cache is built: the model, then tools → system → the parameters that
/// invalidate the cached messages (thinking, tool_choice, output_config) → messages.
/// <c>cache_control</c> markers are ignored: Claude Code moves them every call.
/// </summary>
internal static class CacheBreakExplainer
{
    public static CacheBreak Explain(RequestShape previous, RequestShape current, long previousSeq, TimeSpan? gap, TimeSpan ttl, bool expired)
    {
        if (expired && gap is { } g)
        {
            return new CacheBreak(
                BreakPlaces.Ttl,
                $"the previous call of this thread was {Duration(g)} earlier, longer than the {Duration(ttl)} cache lifetime",
                new BreakDiff(BreakPlaces.Ttl, Before: Duration(ttl), After: Duration(g)),
                previousSeq);
        }

        var found = Model(previous, current) ?? Tools(previous.Tools, current.Tools) ?? System(previous.System, current.System)
            ?? Params(previous, current) ?? Messages(previous.Messages, current.Messages);
        return found is { } f
            ? new CacheBreak(f.Diff.Section, f.Detail, f.Diff, previousSeq)
            : new CacheBreak(BreakPlaces.Unknown, "no change found in the model, tools, system prompt, cache parameters or earlier messages: the API may have evicted the cache entry early", null, previousSeq);
    }

    private static (string Detail, BreakDiff Diff)? Model(RequestShape a, RequestShape b)
        => string.Equals(a.Model, b.Model, StringComparison.Ordinal) ? null
            : ($"model changed from {a.Model ?? "(none)"} to {b.Model ?? "(none)"}", new BreakDiff(BreakPlaces.Model, Name: "model", Before: a.Model, After: b.Model));

    internal static (string Detail, BreakDiff Diff)? Tools(IReadOnlyList<ToolPart> a, IReadOnlyList<ToolPart> b)
    {
        var before = a.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var after = b.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var old = i < a.Count ? a[i] : null;
            var now = i < b.Count ? b[i] : null;
            if (old is not null && now is not null && old.Hash == now.Hash)
            {
                continue;
            }

            if (now is not null && !before.Contains(now.Name))
            {
                return ($"tool `{now.Name}` was added{More(after.Count - before.Count, b.Count - i - 1)}", new BreakDiff(BreakPlaces.Tools, i, now.Name, After: now.Name));
            }

            if (old is not null && !after.Contains(old.Name))
            {
                return ($"tool `{old.Name}` was removed", new BreakDiff(BreakPlaces.Tools, i, old.Name, Before: old.Name));
            }

            if (old is not null && now is not null && old.Name == now.Name && TextChange.Find(old.Text, now.Text) is { } change)
            {
                return ($"tool `{now.Name}` definition changed at character {Number(change.Position)}: `{change.Before}` → `{change.After}`",
                    new BreakDiff(BreakPlaces.Tools, i, now.Name, change.Position, change.Before, change.After));
            }

            var name = now?.Name ?? old!.Name;
            return ($"the tools were reordered: `{name}` moved to position {i}", new BreakDiff(BreakPlaces.Tools, i, name, Before: old?.Name, After: now?.Name));
        }

        return null;
    }

    internal static (string Detail, BreakDiff Diff)? System(IReadOnlyList<SystemPart> a, IReadOnlyList<SystemPart> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i >= a.Count)
            {
                return ($"system block {i} was added", new BreakDiff(BreakPlaces.System, i, After: Excerpt(b[i].Text)));
            }

            if (i >= b.Count)
            {
                return ($"system block {i} was removed", new BreakDiff(BreakPlaces.System, i, Before: Excerpt(a[i].Text)));
            }

            if (a[i].Hash == b[i].Hash)
            {
                continue;
            }

            return TextChange.Find(a[i].Text, b[i].Text) is { } change
                ? ($"system block {i} changed at character {Number(change.Position)}: `{OneLine(change.Before)}` → `{OneLine(change.After)}`",
                    new BreakDiff(BreakPlaces.System, i, null, change.Position, change.Before, change.After))
                : ($"system block {i} changed (same text, other fields)", new BreakDiff(BreakPlaces.System, i));
        }

        return null;
    }

    private static (string Detail, BreakDiff Diff)? Params(RequestShape a, RequestShape b)
    {
        foreach (var name in RequestShape.CacheParameters)
        {
            var old = a.Parameter(name);
            var now = b.Parameter(name);
            if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                return ($"`{name}` changed from {old ?? "(absent)"} to {now ?? "(absent)"}", new BreakDiff(BreakPlaces.Params, Name: name, Before: old, After: now));
            }
        }

        return null;
    }

    internal static (string Detail, BreakDiff Diff)? Messages(IReadOnlyList<MessagePart> a, IReadOnlyList<MessagePart> b)
    {
        var common = Math.Min(a.Count, b.Count);
        for (var i = 0; i < common; i++)
        {
            if (a[i].Hash != b[i].Hash)
            {
                var what = a[i].Label == b[i].Label ? b[i].Label : $"{a[i].Label}, now {b[i].Label}";
                return ($"message {i} ({what}) was edited", new BreakDiff(BreakPlaces.Messages, i, b[i].Label, Before: a[i].Label, After: b[i].Label));
            }
        }

        return a.Count > b.Count
            ? ($"{a.Count - b.Count} message(s) from message {b.Count} on were removed (rewound, cleared or compacted)", new BreakDiff(BreakPlaces.Messages, b.Count, a[b.Count].Label, Before: a[b.Count].Label))
            : null;
    }

    private static string More(int added, int rest) => added > 1 ? $" (with {added - 1} more)" : string.Empty;

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Excerpt(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static string OneLine(string text) => text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace('\n', '⏎');

    private static string Duration(TimeSpan t)
        => t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min"
            : t.TotalMinutes >= 1 ? (t.Seconds == 0 ? $"{t.Minutes} min" : $"{t.Minutes} min {t.Seconds} s")
            : $"{t.TotalSeconds:0} s";
}
