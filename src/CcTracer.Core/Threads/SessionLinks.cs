namespace CcTracer.Threads;

/// <summary>How a session continues another (<c>claude -c</c>, <c>--resume</c>, a fork): both directions, and the chain's first session.</summary>
/// <param name="ResumedFrom">The session this one continues, or null.</param>
/// <param name="ContinuedBy">Sessions that continue this one, oldest first.</param>
/// <param name="Group">The first session of the chain (this one's id when it starts it); null when it is alone.</param>
/// <param name="Why">How the link was found.</param>
internal sealed record SessionLinks(string? ResumedFrom, IReadOnlyList<string> ContinuedBy, string? Group, string? Why);

/// <summary>
/// What linking needs from one session: its first main-loop exchange as conversation keys (request
/// blocks, then the response's). A continued session's first request carries the whole earlier
/// conversation, so the earlier session's first exchange is a prefix of it.
/// </summary>
internal sealed record SessionRoot(string SessionId, DateTimeOffset Created, ulong FirstMessageHash, IReadOnlyList<ulong> ConversationKeys, string? TranscriptPath)
{
    /// <summary>
    /// Sessions whose transcript (<c>&lt;id&gt;.jsonl</c>) the first message names: a compacted conversation's
    /// summary tells the model where the full transcript is, and a resumed one starts from that summary.
    /// </summary>
    public IReadOnlyList<string> NamedTranscripts { get; init; } = [];

    /// <summary>The first SessionStart hook's <c>source</c> (<c>startup</c>, <c>resume</c>, <c>fork</c>, …).</summary>
    public string? StartSource { get; init; }

    /// <summary>Whether <paramref name="earlier"/>'s first request is a proper prefix of this one's: this session carries its history.</summary>
    public bool Continues(SessionRoot earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var n = earlier.ConversationKeys.Count;
        return earlier.SessionId != SessionId
            && earlier.Created <= Created
            && n > 0 && ConversationKeys.Count > n
            && FirstMessageHash == earlier.FirstMessageHash
            && ConversationKeys[n - 1] == earlier.ConversationKeys[n - 1];
    }

    /// <summary>Links every session among <paramref name="roots"/>: each continues the latest earlier session whose history it carries.</summary>
    public static IReadOnlyDictionary<string, SessionLinks> Link(IReadOnlyCollection<SessionRoot> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var byHash = roots.GroupBy(r => r.FirstMessageHash).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Created).ToList());
        var from = new Dictionary<string, (string Id, string Why)>(StringComparer.Ordinal);
        var ids = roots.Select(r => r.SessionId).ToHashSet(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            if (root.NamedTranscripts.FirstOrDefault(n => n != root.SessionId && ids.Contains(n)) is { } named)
            {
                from[root.SessionId] = (named, $"its first message is a compaction summary naming {named}'s transcript (SessionStart source: {root.StartSource ?? "unknown"})");
                continue;
            }

            var earlier = byHash[root.FirstMessageHash]
                .Where(root.Continues)
                .OrderByDescending(e => e.ConversationKeys.Count)
                .ThenByDescending(e => e.Created)
                .FirstOrDefault();
            if (earlier is not null)
            {
                var why = $"its first request carries the {earlier.ConversationKeys.Count} block(s) of {earlier.SessionId}'s first exchange";
                if (root.TranscriptPath is not null && earlier.TranscriptPath is not null
                    && string.Equals(Path.GetDirectoryName(root.TranscriptPath), Path.GetDirectoryName(earlier.TranscriptPath), StringComparison.Ordinal))
                {
                    why += "; both transcripts are in the same project folder";
                }

                from[root.SessionId] = (earlier.SessionId, why);
            }
        }

        var links = new Dictionary<string, SessionLinks>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            var continuedBy = from.Where(f => f.Value.Id == root.SessionId).Select(f => f.Key)
                .OrderBy(id => roots.First(r => r.SessionId == id).Created).ToList();
            var hasFrom = from.TryGetValue(root.SessionId, out var link);
            if (!hasFrom && continuedBy.Count == 0)
            {
                continue;
            }

            var group = root.SessionId;
            var seen = new HashSet<string>(StringComparer.Ordinal) { group };
            while (from.TryGetValue(group, out var up) && seen.Add(up.Id))
            {
                group = up.Id;
            }

            links[root.SessionId] = new SessionLinks(hasFrom ? link.Id : null, continuedBy, group, hasFrom ? link.Why : null);
        }

        return links;
    }
}
