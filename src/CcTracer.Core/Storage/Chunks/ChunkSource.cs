using System.Text.Json;

namespace CcTracer.Storage;

/// <summary>Finds the chunks a v2 record's body refers to (docs/record-schema.md, "Chunks").</summary>
internal abstract class ChunkSource
{
    // Each record's chunk list as stored: the ids it shares with an earlier record (a count of
    // that record's first ids) and its own. Kept like this, the lists take memory in proportion to
    // what is new, as the file does.
    private readonly Dictionary<long, StoredList> _lists = [];
    private readonly Lock _listLock = new();

    /// <summary>The bytes of a chunk, or <see langword="null"/> when the file does not hold it.</summary>
    public abstract byte[]? Find(string id);

    /// <summary>Notes a record's chunk list, so later records may refer to its first ids.</summary>
    public void Register(JsonElement stored)
    {
        if (!stored.TryGetProperty("body_chunks", out var list) || list.ValueKind != JsonValueKind.Array
            || !stored.TryGetProperty("seq", out var s) || !s.TryGetInt64(out var seq))
        {
            return;
        }

        long from = 0;
        var count = 0;
        if (stored.TryGetProperty("body_chunks_from", out var prefix) && prefix.ValueKind == JsonValueKind.Object
            && prefix.TryGetProperty("seq", out var f) && f.TryGetInt64(out from)
            && prefix.TryGetProperty("count", out var c) && c.TryGetInt32(out count))
        {
            count = Math.Max(0, count);
        }

        var own = new string[list.GetArrayLength()];
        var i = 0;
        foreach (var id in list.EnumerateArray())
        {
            own[i++] = id.GetString() ?? string.Empty;
        }

        lock (_listLock)
        {
            _lists[seq] = new StoredList(from, count, own);
        }
    }

    /// <summary>Every chunk id of a registered record's body, in order; <see langword="null"/> when a record it refers to is unknown.</summary>
    public IReadOnlyList<string>? Ids(long seq)
    {
        var parts = new List<string[]>();
        var take = int.MaxValue;
        var counts = new List<int>();
        lock (_listLock)
        {
            // Walk back along the references; each step keeps only the first ids of the one before.
            for (var at = seq; ; )
            {
                if (!_lists.TryGetValue(at, out var stored))
                {
                    return null;
                }

                parts.Add(stored.Own);
                counts.Add(take);
                if (stored.Count == 0)
                {
                    break;
                }

                take = stored.Count;
                if (stored.From >= at)
                {
                    return null;
                }

                at = stored.From;
            }
        }

        // Rebuild from the oldest: each list is its referent's first `count` ids, then its own.
        var ids = new List<string>();
        for (var k = parts.Count - 1; k >= 0; k--)
        {
            if (k < parts.Count - 1)
            {
                var keep = counts[k + 1];
                if (keep > ids.Count)
                {
                    return null;
                }

                ids.RemoveRange(keep, ids.Count - keep);
            }

            ids.AddRange(parts[k]);
        }

        return ids;
    }

    /// <summary>Joins the chunks of a body; <see langword="null"/> when one is missing.</summary>
    public byte[]? Join(IReadOnlyList<string> ids, long length)
    {
        var body = new byte[length];
        var at = 0;
        foreach (var id in ids)
        {
            if (Find(id) is not { } chunk || at + chunk.Length > body.Length)
            {
                return null;
            }

            chunk.CopyTo(body, at);
            at += chunk.Length;
        }

        return at == body.Length ? body : null;
    }

    private sealed record StoredList(long From, int Count, string[] Own);
}

/// <summary>Chunks held in memory, collected while a file is read from start to end.</summary>
internal sealed class MemoryChunkSource : ChunkSource
{
    private readonly Dictionary<string, byte[]> _chunks = new(StringComparer.Ordinal);

    /// <summary>Keeps a chunk line's chunk; false when the line is not a readable chunk line.</summary>
    public bool Add(ReadOnlySpan<byte> line)
    {
        if (!ChunkLine.TryRead(line, out var id, out var data))
        {
            return false;
        }

        _chunks.TryAdd(id, data);
        return true;
    }

    /// <inheritdoc />
    public override byte[]? Find(string id) => _chunks.GetValueOrDefault(id);
}
