namespace CcTracer.Storage;

/// <summary>
/// Chunks found by where they lie in a session file, as its index recorded them: a record fetched
/// by <c>seq</c> reads only the chunks its body refers to. Recently read chunks are kept (up to a
/// few MB), since consecutive requests share nearly all of theirs.
/// </summary>
internal sealed class FileChunkSource : ChunkSource
{
    private const long CacheLimit = 32L * 1024 * 1024;
    private readonly string _path;
    private readonly Dictionary<string, (long Offset, int Length)> _where = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _cached;

    public FileChunkSource(string path) => _path = path;

    /// <summary>Notes where a chunk line lies; the first copy of a chunk is the one kept.</summary>
    public void Add(ReadOnlySpan<byte> line, long offset)
    {
        var start = ChunkLine.Prefix.Length;
        var end = line[start..].IndexOf((byte)'"');
        if (end <= 0)
        {
            return;
        }

        var id = System.Text.Encoding.UTF8.GetString(line.Slice(start, end));
        lock (_lock)
        {
            _where.TryAdd(id, (offset, line.Length));
        }
    }

    /// <summary>Forgets every chunk (the file was replaced).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _where.Clear();
            _cache.Clear();
            _cached = 0;
        }
    }

    /// <inheritdoc />
    public override byte[]? Find(string id)
    {
        (long Offset, int Length) where;
        lock (_lock)
        {
            if (_cache.TryGetValue(id, out var hit))
            {
                return hit;
            }

            if (!_where.TryGetValue(id, out where))
            {
                return null;
            }
        }

        var line = new byte[where.Length];
        using (var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
        {
            stream.Position = where.Offset;
            stream.ReadExactly(line);
        }

        if (!ChunkLine.TryRead(line, out _, out var data))
        {
            return null;
        }

        lock (_lock)
        {
            if (_cached + data.Length > CacheLimit)
            {
                _cache.Clear();
                _cached = 0;
            }

            if (_cache.TryAdd(id, data))
            {
                _cached += data.Length;
            }
        }

        return data;
    }
}
