namespace CcTracer.Secrets;

/// <summary>A secret found in a text: the bytes from <see cref="Start"/> to <see cref="End"/> and what it looked like.</summary>
/// <param name="Start">Offset of its first byte.</param>
/// <param name="End">Offset just past its last byte.</param>
/// <param name="Kind">The marker's kind, one of <see cref="SecretKinds"/>.</param>
internal readonly record struct SecretMatch(long Start, long End, string Kind)
{
    public long Length => End - Start;
}
