namespace CcTracer.AspNetCore.Proxy;

/// <summary>Forwarded bytes now reach <paramref name="End"/> of the captured wire; they were forwarded at <paramref name="Offset"/>.</summary>
/// <param name="End">The captured wire's length after the write.</param>
/// <param name="Offset">When the bytes were forwarded, since the request started.</param>
internal readonly record struct WireSignal(long End, TimeSpan Offset);
