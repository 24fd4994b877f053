using System.Buffers;

namespace CcTracer.Storage;

/// <summary>
/// Content-defined chunking with a gear rolling hash: a cut falls where the last few dozen bytes
/// hash to a pattern, so the same content is cut the same way wherever it sits in a body. Every
/// Claude Code request resends the conversation so far; cut like this, a request shares all but a
/// few chunks with the one before it, and only those are written.
/// </summary>
internal static class ContentChunker
{
    /// <summary>No chunk but a body's last is shorter.</summary>
    internal const int MinSize = 512;

    /// <summary>No chunk is longer (a long run without a cut is split here).</summary>
    internal const int MaxSize = 16 * 1024;

    // 11 bits: a cut every ~2 KB after the minimum, ~2.5 KB on average.
    private const ulong Mask = (1UL << 11) - 1 << 53;

    private static readonly ulong[] Gear = CreateGear();

    /// <summary>
    /// The length of the first chunk of <paramref name="data"/>. Cuts are moved past UTF-8
    /// continuation bytes, so a chunk of valid UTF-8 text is valid UTF-8 on its own.
    /// </summary>
    public static int NextCut(ReadOnlySpan<byte> data)
    {
        if (data.Length <= MinSize)
        {
            return data.Length;
        }

        var end = Math.Min(data.Length, MaxSize);
        ulong hash = 0;
        var cut = end;

        // The hash only sees the last 64 bytes (each step shifts one out), so start it just
        // before the minimum rather than from the first byte.
        for (var i = MinSize - 64; i < end; i++)
        {
            hash = (hash << 1) + Gear[data[i]];
            if (i >= MinSize && (hash & Mask) == 0)
            {
                cut = i + 1;
                break;
            }
        }

        while (cut < data.Length && (data[cut] & 0xC0) == 0x80 && cut - end < 4)
        {
            cut++;
        }

        return cut;
    }

    /// <summary>Calls <paramref name="onChunk"/> for each chunk of a body, in order.</summary>
    public static void Split<TState>(ReadOnlySequence<byte> body, TState state, Action<ReadOnlySpan<byte>, TState> onChunk)
    {
        if (body.IsSingleSegment)
        {
            var span = body.FirstSpan;
            while (!span.IsEmpty)
            {
                var n = NextCut(span);
                onChunk(span[..n], state);
                span = span[n..];
            }

            return;
        }

        // A body in pooled segments: a window of up to two chunks is copied so a cut can span segments.
        var window = ArrayPool<byte>.Shared.Rent(2 * MaxSize + 8);
        try
        {
            var filled = 0;
            var reader = new SequenceReader<byte>(body);
            while (true)
            {
                var take = (int)Math.Min(window.Length - filled, reader.Remaining);
                reader.TryCopyTo(window.AsSpan(filled, take));
                reader.Advance(take);
                filled += take;
                if (filled == 0)
                {
                    return;
                }

                // A full window holds more than NextCut reads, so its cut is the one a contiguous body gets.
                var n = NextCut(window.AsSpan(0, filled));
                onChunk(window.AsSpan(0, n), state);
                window.AsSpan(n, filled - n).CopyTo(window);
                filled -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }
    }

    private static ulong[] CreateGear()
    {
        // Fixed (SplitMix64 from a constant seed): the cuts must be the same in every process,
        // or a restarted tracer would not recognise the chunks it already wrote.
        var gear = new ulong[256];
        var x = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < gear.Length; i++)
        {
            x += 0x9E3779B97F4A7C15UL;
            var z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            gear[i] = z ^ (z >> 31);
        }

        return gear;
    }
}
