using System.Buffers;

namespace CcTracer.Buffers;

/// <summary>
/// Returns arrays to <see cref="ArrayPool{T}.Shared"/>, except big ones. The shared pool keeps what
/// it is given until a later full collection finds it stale, which an idle server never runs: the
/// array a 60 MB hook body was escaped into (Utf8JsonWriter asks for up to six times the text)
/// stayed resident for good. Arrays past <see cref="MaxPooled"/> go back to the GC instead.
/// </summary>
internal static class SharedPool
{
    /// <summary>The largest array handed back to the shared pool.</summary>
    public const int MaxPooled = 1024 * 1024;

    public static void Return(byte[] array)
    {
        if (array.Length <= MaxPooled)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
