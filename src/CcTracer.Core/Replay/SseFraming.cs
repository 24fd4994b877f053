namespace CcTracer.Replay;

/// <summary>Cuts recorded SSE text at event boundaries without changing a byte, so the pieces concatenate to the original.</summary>
internal static class SseFraming
{
    public static IReadOnlyList<ReadOnlyMemory<byte>> SplitEvents(ReadOnlyMemory<byte> sse)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        var span = sse.Span;
        int start = 0, lineStart = 0, i = 0;
        while (i < span.Length)
        {
            var b = span[i];
            if (b is not ((byte)'\r' or (byte)'\n'))
            {
                i++;
                continue;
            }

            var end = i + (b == (byte)'\r' && i + 1 < span.Length && span[i + 1] == (byte)'\n' ? 2 : 1);

            // An empty line ends an event; blank lines before any content stay with the next event.
            if (lineStart == i && i > start)
            {
                chunks.Add(sse[start..end]);
                start = end;
            }

            lineStart = end;
            i = end;
        }

        if (start < span.Length)
        {
            chunks.Add(sse[start..]);
        }

        return chunks;
    }
}
