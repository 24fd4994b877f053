using System.Buffers;

namespace CcTracer.IO;

/// <summary>For the few consumers that need a chunked body as one span.</summary>
internal static class SequenceBytes
{
    /// <summary>The bytes as one span: the first segment itself when there is one, else a copy.</summary>
    public static ReadOnlySpan<byte> Contiguous(this in ReadOnlySequence<byte> bytes)
        => bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
}
