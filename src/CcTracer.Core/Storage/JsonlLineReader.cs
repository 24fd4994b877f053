using System.Buffers;
using System.Runtime.CompilerServices;

namespace CcTracer.Storage;

/// <summary>Splits a stream into lines without decoding it; each yielded line owns its bytes.</summary>
internal static class JsonlLineReader
{
    private const int Block = 256 * 1024;

    public static async IAsyncEnumerable<JsonlLine> ReadAsync(Stream stream, long startOffset, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var block = ArrayPool<byte>.Shared.Rent(Block);
        var pending = new ArrayBufferWriter<byte>();
        var lineStart = startOffset;
        var position = startOffset;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(block.AsMemory(0, Block), cancellationToken).ConfigureAwait(false)) > 0)
            {
                var span = block.AsMemory(0, read);
                while (!span.IsEmpty)
                {
                    var nl = span.Span.IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        pending.Write(span.Span);
                        position += span.Length;
                        break;
                    }

                    byte[] line;
                    if (pending.WrittenCount > 0)
                    {
                        pending.Write(span.Span[..nl]);
                        line = pending.WrittenSpan.ToArray();
                        pending.ResetWrittenCount();
                    }
                    else
                    {
                        line = span.Span[..nl].ToArray();
                    }

                    position += nl + 1;
                    yield return new JsonlLine(lineStart, TrimCr(line), Terminated: true);
                    lineStart = position;
                    span = span[(nl + 1)..];
                }
            }

            if (pending.WrittenCount > 0)
            {
                yield return new JsonlLine(lineStart, pending.WrittenSpan.ToArray(), Terminated: false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private static ReadOnlyMemory<byte> TrimCr(byte[] line)
        => line.Length > 0 && line[^1] == (byte)'\r' ? line.AsMemory(0, line.Length - 1) : line;
}
