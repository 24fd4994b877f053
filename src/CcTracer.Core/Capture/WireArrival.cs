namespace CcTracer.Capture;

/// <summary>One forwarded write: the captured wire reached <paramref name="End"/> with it, at <paramref name="Offset"/>.</summary>
/// <param name="End">The captured wire's length after the write.</param>
/// <param name="Offset">When the bytes were forwarded, since the request started.</param>
internal readonly record struct WireArrival(long End, TimeSpan Offset);
