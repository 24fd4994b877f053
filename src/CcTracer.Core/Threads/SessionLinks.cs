namespace CcTracer.Threads;

/// <summary>How a session continues another (<c>claude -c</c>, <c>--resume</c>, a fork): both directions, and the chain's first session.</summary>
/// <param name="ResumedFrom">The session this one continues, or null.</param>
/// <param name="ContinuedBy">Sessions that continue this one, oldest first.</param>
/// <param name="Group">The first session of the chain (this one's id when it starts it); null when it is alone.</param>
/// <param name="Why">How the link was found.</param>
internal sealed record SessionLinks(string? ResumedFrom, IReadOnlyList<string> ContinuedBy, string? Group, string? Why);

/// <summary>
/// What linking needs from one session: its first main-loop request's history. A continued session's
/// first request carries the whole earlier conversation, so the earlier session's first request is
/// a prefix of it.
/// </summary>
internal sealed record SessionRoot(string SessionId, DateTimeOffset Created, ulong FirstMessageHash, IReadOnlyList<ulong> PrefixHashes, string? TranscriptPath)
{
    /// <summary>Whether <paramref name="earlier"/>'s first request is a proper prefix of this one's: this session carries its history.</summary>
    public bool Continues(SessionRoot earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var n = earlier.PrefixHashes.Count;
        return earlier.SessionId != SessionId
            && earlier.Created <= Created
            && n > 0 && PrefixHashes.Count > n
            && FirstMessageHash == earlier.FirstMessageHash
            && PrefixHashes[n - 1] == earlier.PrefixHashes[n - 1];
    }

    /// <summary>Links every session among <paramref name="roots"/>: each continues the latest earlier session whose history it carries.</summary>
    public static IReadOnlyDictionary<string, SessionLinks> Link(IReadOnlyCollection<SessionRoot> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var byHash = roots.GroupBy(r => r.FirstMessageHash).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Created).ToList());
        var from = new Dictionary<string, (string Id, string Why)>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            var earlier = byHash[root.FirstMessageHash]
                .Where(root.Continues)
                .OrderByDescending(e => e.PrefixHashes.Count)
                .ThenByDescending(e => e.Created)
                .FirstOrDefault();
            if (earlier is not null)
            {
                var why = $"its first request carries the {earlier.PrefixHashes.Count} message(s) of {earlier.SessionId}'s first request";
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
