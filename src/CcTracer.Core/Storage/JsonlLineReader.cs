using System.Buffers;
using System.Runtime.CompilerServices;

namespace CcTracer.Storage;

/// <summary>
/// Splits a stream into lines without decoding it. Every line is a view into one pooled buffer
/// that the next line reuses, so a 200 MB log costs one buffer the size of its longest line
/// instead of a fresh array per line (most of them on the large object heap). A caller that
/// keeps a line past the next one must copy it.
/// </summary>
internal static class JsonlLineReader
{
    private const int Block = 256 * 1024;

    // A buffer grown for a rare multi-megabyte line goes back to the GC rather than the shared
    // pool, which would keep it resident long after the scan.
    private const int MaxPooled = 4 * 1024 * 1024;

    public static async IAsyncEnumerable<JsonlLine> ReadAsync(Stream stream, long startOffset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // buffer[start..end) holds bytes read but not yet handed out; `scanned` bytes of it are
        // known to hold no newline, so a long line is searched once, not once per read.
        var buffer = ArrayPool<byte>.Shared.Rent(Block);
        var start = 0;
        var end = 0;
        var scanned = 0;
        var lineStart = startOffset;
        try
        {
            while (true)
            {
                var nl = buffer.AsSpan(start + scanned, end - start - scanned).IndexOf((byte)'\n');
                if (nl >= 0)
                {
                    var length = scanned + nl;
                    yield return new JsonlLine(lineStart, TrimCr(buffer.AsMemory(start, length)), Terminated: true);
                    lineStart += length + 1;
                    start += length + 1;
                    scanned = 0;
                    continue;
                }

                scanned = end - start;
                if (buffer.Length - end < Block / 2)
                {
                    buffer = MakeRoom(buffer, ref start, ref end);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                end += read;
            }

            if (end > start)
            {
                yield return new JsonlLine(lineStart, buffer.AsMemory(start, end - start), Terminated: false);
            }
        }
        finally
        {
            Release(buffer);
        }
    }

    /// <summary>Moves the unread tail to the front, or into a buffer twice the size when the tail (one long line) fills most of it.</summary>
    private static byte[] MakeRoom(byte[] buffer, ref int start, ref int end)
    {
        var pending = end - start;
        var target = buffer;
        if (pending > buffer.Length / 2)
        {
            target = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
        }

        buffer.AsSpan(start, pending).CopyTo(target);
        if (!ReferenceEquals(target, buffer))
        {
            Release(buffer);
        }

        start = 0;
        end = pending;
        return target;
    }

    private static void Release(byte[] buffer)
    {
        if (buffer.Length <= MaxPooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlyMemory<byte> TrimCr(ReadOnlyMemory<byte> line)
        => line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
