namespace CcTracer.Storage;

/// <summary>
/// Where a v2 record's body went: the ids of its chunks in order, its length, and the SHA-256 of
/// the exact bytes (taken when they were written, from the bytes captured). With a
/// <see cref="FromSeq"/>, the record lists only the ids after the first <see cref="FromCount"/>,
/// which are those of record <see cref="FromSeq"/>.
/// </summary>
internal sealed record StoredBody(IReadOnlyList<string> ChunkIds, long Length, string Sha256)
{
    /// <summary>The earlier record whose first ids this body shares, or 0.</summary>
    public long FromSeq { get; init; }

    /// <summary>How many of its first ids are shared.</summary>
    public int FromCount { get; init; }
}
