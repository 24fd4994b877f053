using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace CcTracer.Json;

/// <summary>UTF-8 validation of a chunked body, where a code point may straddle two chunks.</summary>
internal static class Utf8Sequence
{
    public static bool IsValid(in ReadOnlySequence<byte> utf8)
    {
        if (utf8.IsSingleSegment)
        {
            return Utf8.IsValid(utf8.FirstSpan);
        }

        // The vectorized check runs on each chunk minus an incomplete trailing sequence, which is
        // carried (at most 3 bytes) and finished with the first bytes of the next chunk.
        Span<byte> carry = stackalloc byte[4];
        var carried = 0;
        foreach (var memory in utf8)
        {
            var span = memory.Span;
            while (carried > 0 && !span.IsEmpty)
            {
                carry[carried++] = span[0];
                span = span[1..];
                var status = Rune.DecodeFromUtf8(carry[..carried], out _, out _);
                if (status == System.Buffers.OperationStatus.Done)
                {
                    carried = 0;
                }
                else if (status != System.Buffers.OperationStatus.NeedMoreData || carried == carry.Length)
                {
                    return false;
                }
            }

            if (span.IsEmpty)
            {
                continue;
            }

            var cut = IncompleteTailStart(span);
            if (!Utf8.IsValid(span[..cut]))
            {
                return false;
            }

            span[cut..].CopyTo(carry);
            carried = span.Length - cut;
        }

        return carried == 0;
    }

    /// <summary>Where a multi-byte sequence that the span cuts short begins, or the span's length.</summary>
    private static int IncompleteTailStart(ReadOnlySpan<byte> span)
    {
        for (var k = 1; k <= Math.Min(3, span.Length); k++)
        {
            var b = span[^k];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > k ? span.Length - k : span.Length;
        }

        return span.Length;
    }
}
