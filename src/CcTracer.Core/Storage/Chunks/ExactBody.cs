namespace CcTracer.Storage;

/// <summary>
/// A record's body as it went over the wire: what upstream received for a request, what the client
/// received for a response (still compressed if it was).
/// </summary>
/// <param name="Bytes">The bytes; <see langword="null"/> when the file no longer holds all of them.</param>
/// <param name="Sha256">The SHA-256 taken when the body was captured (lower-case hex); <see langword="null"/> in v1 logs, which kept none.</param>
/// <param name="Exact">False when what is kept is not the wire form: a v1 log kept encoded responses decoded.</param>
public sealed record ExactBody(byte[]? Bytes, string? Sha256, bool Exact);
