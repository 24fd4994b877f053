namespace CcTracer.Capture;

/// <summary>How far reassembly of a streamed turn got, reported while it streams (never stored).</summary>
/// <param name="Elapsed">Since the request started.</param>
/// <param name="Events">SSE events applied so far.</param>
/// <param name="WireBytes">Wire bytes read so far.</param>
/// <param name="OutputChars">Characters of output text so far.</param>
internal readonly record struct CaptureProgress(TimeSpan Elapsed, int Events, long WireBytes, long OutputChars);
