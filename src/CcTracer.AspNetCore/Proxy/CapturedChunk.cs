namespace CcTracer.AspNetCore.Proxy;

/// <summary>A copy of one response write, in a pooled array, with the time it was forwarded.</summary>
/// <param name="Buffer">A rented array; the consumer returns it to the shared pool.</param>
/// <param name="Length">Bytes of <paramref name="Buffer"/> in use.</param>
/// <param name="Offset">When the bytes were forwarded, since the request started.</param>
internal readonly record struct CapturedChunk(byte[] Buffer, int Length, TimeSpan Offset);
