namespace CcTracer.Storage;

/// <summary>
/// The writer's memory of each session's latest request chunk lists, so a request can say "the
/// first N ids of record S, then these" instead of listing every id again: a request resends the
/// whole conversation, and without this its list alone would grow the log with the square of the
/// session. Several lists are kept because a session's main thread and its subagents interleave.
/// </summary>
internal sealed class ChunkListPrefixes
{
    private const int Kept = 8;

    // Below this many shared ids a reference saves too little to be worth a lookup.
    private const int MinShared = 8;

    private readonly Dictionary<string, List<(long Seq, IReadOnlyList<string> Ids)>> _recent = new(StringComparer.Ordinal);

    /// <summary>Forgets a session (its file was recreated: earlier records are gone).</summary>
    public void Forget(string sessionId) => _recent.Remove(sessionId);

    /// <summary>The body's list, shortened to refer to the recent list it shares the longest start with.</summary>
    public StoredBody Shorten(string sessionId, long seq, StoredBody body)
    {
        if (!_recent.TryGetValue(sessionId, out var recent))
        {
            _recent[sessionId] = recent = [];
        }

        var (bestSeq, bestCount) = (0L, 0);
        foreach (var (earlier, ids) in recent)
        {
            var shared = SharedStart(ids, body.ChunkIds);
            if (shared > bestCount)
            {
                (bestSeq, bestCount) = (earlier, shared);
            }
        }

        recent.Add((seq, body.ChunkIds));
        if (recent.Count > Kept)
        {
            recent.RemoveAt(0);
        }

        return bestCount < MinShared ? body : body with { FromSeq = bestSeq, FromCount = bestCount };
    }

    private static int SharedStart(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var n = Math.Min(a.Count, b.Count);
        var i = 0;
        while (i < n && string.Equals(a[i], b[i], StringComparison.Ordinal))
        {
            i++;
        }

        return i;
    }
}
