namespace CcTracer.Storage;

/// <summary>Finds the chunks a v2 record's body refers to (docs/record-schema.md, "Chunks").</summary>
internal abstract class ChunkSource
{
    /// <summary>The bytes of a chunk, or <see langword="null"/> when the file does not hold it.</summary>
    public abstract byte[]? Find(string id);

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
