using CcTracer.Buffers;

namespace CcTracer.Turns;

/// <summary>
/// The kept response body that a turn's long texts refer to in place (see <see cref="BodySlices"/>),
/// so a 100 MB text-heavy turn holds its text once, inside the body, instead of a second time as
/// rebuilt UTF-8. Whoever owns the body marks it released when it frees the chunks; a text read
/// after that fails loudly instead of reading reused memory.
/// </summary>
internal sealed class BodyTextSource
{
    private volatile bool _released;

    public BodyTextSource(ChunkedBuffer body) => Body = body;

    /// <summary>The body, as the turn's events were read from it (decoded, if it was encoded).</summary>
    public ChunkedBuffer Body { get; }

    /// <summary>The body's chunks are being freed; texts that refer to them can no longer be read.</summary>
    public void Release() => _released = true;

    /// <summary>Throws once the body was released.</summary>
    public void EnsureReadable()
    {
        if (_released)
        {
            throw new InvalidOperationException("This turn's long texts referred to the captured response body, which was freed after the record was written; read the record from the log instead.");
        }
    }
}
