using System.Buffers;
using System.Security.Cryptography;

namespace CcTracer.Storage;

/// <summary>
/// The log writer's side of the chunk store: splits a body into content-defined chunks and writes
/// the ones its session's file does not hold yet, before the record that refers to them. Used by
/// the one writer thread only.
/// </summary>
internal sealed class ChunkWriter
{
    private readonly Dictionary<string, HashSet<string>> _known = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _line = new(4096);

    /// <summary>Whether new chunks are stored Brotli-compressed when that pays.</summary>
    public bool Compress { get; init; } = true;

    /// <summary>Bytes of chunk lines written so far (for the benchmark's accounting).</summary>
    public long ChunkBytesWritten { get; private set; }

    /// <summary>
    /// Forgets what a session's file holds: to be called when its file was recreated (deleted or
    /// rotated away), so the next bodies write their chunks again.
    /// </summary>
    public void Forget(string sessionId) => _known.Remove(sessionId);

    /// <summary>
    /// Writes the body's new chunks to <paramref name="file"/> and says how to find them. With
    /// <paramref name="prefixIds"/>, the first <paramref name="prefixLength"/> bytes are already
    /// stored as those chunks (a response persisted while it streamed): only the rest is cut.
    /// </summary>
    public StoredBody Write(Stream file, string sessionId, ReadOnlySequence<byte> body, IReadOnlyList<string>? prefixIds = null, long prefixLength = 0)
    {
        if (!_known.TryGetValue(sessionId, out var known))
        {
            // After a restart the file's chunks are not known: the first bodies write theirs again
            // (readers take either copy), which costs one request's worth, not a scan of the file.
            _known[sessionId] = known = new HashSet<string>(StringComparer.Ordinal);
        }

        var length = body.Length;
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var state = new SplitState(this, file, known, whole);
        if (prefixIds is not null && prefixLength <= body.Length)
        {
            foreach (var segment in body.Slice(0, prefixLength))
            {
                whole.AppendData(segment.Span);
            }

            state.Ids.AddRange(prefixIds);
            body = body.Slice(prefixLength);
        }

        ContentChunker.Split(body, state, static (chunk, s) => s.Owner.Add(chunk, s));
        return new StoredBody(state.Ids, length, Convert.ToHexStringLower(whole.GetHashAndReset()));
    }

    private void Add(ReadOnlySpan<byte> chunk, SplitState state)
    {
        state.Whole.AppendData(chunk);
        var id = ChunkLine.IdOf(chunk);
        state.Ids.Add(id);
        if (!state.Known.Add(id))
        {
            return;
        }

        _line.ResetWrittenCount();
        ChunkLine.Write(_line, id, chunk, Compress);
        state.File.Write(_line.WrittenSpan);
        ChunkBytesWritten += _line.WrittenCount;
    }

    private sealed record SplitState(ChunkWriter Owner, Stream File, HashSet<string> Known, IncrementalHash Whole)
    {
        public List<string> Ids { get; } = [];
    }
}
