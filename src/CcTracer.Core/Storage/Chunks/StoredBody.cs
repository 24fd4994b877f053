namespace CcTracer.Storage;

/// <summary>
/// Where a v2 record's body went: the ids of its chunks in order, its length, and the SHA-256 of
/// the exact bytes (taken when they were written, from the bytes captured).
/// </summary>
internal sealed record StoredBody(IReadOnlyList<string> ChunkIds, long Length, string Sha256);
