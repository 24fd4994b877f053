using System.Text.Json;
using CcTracer.Analysis.Cache;
using CcTracer.Analysis.Requests;

namespace CcTracer.Analysis.Diff;

/// <summary>Makes the <see cref="RequestDiff"/> of two request bodies (a: earlier, b: later).</summary>
internal static class RequestDiffer
{
    private const int MaxValueChars = 4000;

    public static RequestDiff Diff(JsonElement a, JsonElement b, long aSeq)
    {
        var sa = RequestShapeReader.Read(a);
        var sb = RequestShapeReader.Read(b);
        return new RequestDiff(
            Params(sa, sb),
            System(sa.System, sb.System),
            Tools(sa.Tools, sb.Tools),
            Messages(a, b, sa.Messages, sb.Messages),
            CommonPrefix(sa.Messages, sb.Messages),
            CacheBreakExplainer.Explain(sa, sb, aSeq, null, TimeSpan.Zero, expired: false) is { At: not BreakPlaces.Unknown } found ? found : null);
    }

    private static List<ParamChange> Params(RequestShape a, RequestShape b)
    {
        var changes = new List<ParamChange>();
        foreach (var name in a.Parameters.Keys.Union(b.Parameters.Keys).Order(StringComparer.Ordinal))
        {
            var old = a.Parameter(name);
            var now = b.Parameter(name);
            if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                changes.Add(new ParamChange(name, old is null ? DiffStatus.Added : now is null ? DiffStatus.Removed : DiffStatus.Changed, Cut(old), Cut(now)));
            }
        }

        return changes;
    }

    private static List<PartChange> System(IReadOnlyList<SystemPart> a, IReadOnlyList<SystemPart> b)
    {
        var changes = new List<PartChange>();
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var old = i < a.Count ? a[i] : null;
            var now = i < b.Count ? b[i] : null;
            var status = old is null ? DiffStatus.Added : now is null ? DiffStatus.Removed : old.Hash == now.Hash ? DiffStatus.Same : DiffStatus.Changed;
            changes.Add(new PartChange(i, null, status, old?.Bytes ?? 0, now?.Bytes ?? 0, status == DiffStatus.Changed ? TextChange.Find(old!.Text, now!.Text) : null));
        }

        return changes;
    }

    private static List<PartChange> Tools(IReadOnlyList<ToolPart> a, IReadOnlyList<ToolPart> b)
    {
        var before = new Dictionary<string, (int Index, ToolPart Tool)>(StringComparer.Ordinal);
        for (var i = 0; i < a.Count; i++)
        {
            before.TryAdd(a[i].Name, (i, a[i]));
        }

        var changes = new List<PartChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < b.Count; i++)
        {
            var now = b[i];
            seen.Add(now.Name);
            if (!before.TryGetValue(now.Name, out var old))
            {
                changes.Add(new PartChange(i, now.Name, DiffStatus.Added, 0, now.Bytes, null));
                continue;
            }

            var status = old.Tool.Hash != now.Hash ? DiffStatus.Changed : old.Index != i ? DiffStatus.Moved : DiffStatus.Same;
            changes.Add(new PartChange(i, now.Name, status, old.Tool.Bytes, now.Bytes, status == DiffStatus.Changed ? TextChange.Find(old.Tool.Text, now.Text) : null));
        }

        foreach (var (name, (index, tool)) in before)
        {
            if (!seen.Contains(name))
            {
                changes.Add(new PartChange(index, name, DiffStatus.Removed, tool.Bytes, 0, null));
            }
        }

        return changes;
    }

    private static List<MessageChange> Messages(JsonElement a, JsonElement b, IReadOnlyList<MessagePart> ma, IReadOnlyList<MessagePart> mb)
    {
        var changes = new List<MessageChange>();
        JsonElement[]? listA = null, listB = null;
        using var canonical = new CanonicalJson();
        for (var i = 0; i < Math.Max(ma.Count, mb.Count); i++)
        {
            if (i >= ma.Count)
            {
                changes.Add(new MessageChange(i, DiffStatus.Appended, mb[i].Role, null, mb[i].Label, 0, mb[i].Bytes, null));
            }
            else if (i >= mb.Count)
            {
                changes.Add(new MessageChange(i, DiffStatus.Removed, ma[i].Role, ma[i].Label, null, ma[i].Bytes, 0, null));
            }
            else if (ma[i].Hash == mb[i].Hash)
            {
                changes.Add(new MessageChange(i, DiffStatus.Same, mb[i].Role, ma[i].Label, mb[i].Label, ma[i].Bytes, mb[i].Bytes, null));
            }
            else
            {
                listA ??= [.. a.GetProperty("messages").EnumerateArray()];
                listB ??= [.. b.GetProperty("messages").EnumerateArray()];
                var change = TextChange.Find(canonical.MessageText(listA[i]), canonical.MessageText(listB[i]));
                changes.Add(new MessageChange(i, DiffStatus.Edited, mb[i].Role, ma[i].Label, mb[i].Label, ma[i].Bytes, mb[i].Bytes, change));
            }
        }

        return changes;
    }

    private static int CommonPrefix(IReadOnlyList<MessagePart> a, IReadOnlyList<MessagePart> b)
    {
        var i = 0;
        while (i < a.Count && i < b.Count && a[i].Hash == b[i].Hash)
        {
            i++;
        }

        return i;
    }

    private static string? Cut(string? value) => value is { Length: > MaxValueChars } ? value[..MaxValueChars] + "…" : value;
}
