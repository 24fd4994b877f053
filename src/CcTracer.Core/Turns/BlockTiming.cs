namespace CcTracer.Turns;

/// <summary>When one content block of a streamed turn started and stopped.</summary>
/// <param name="Index">The block's <c>index</c> in the message content.</param>
/// <param name="Type">The block's <c>type</c> as given by <c>content_block_start</c> (unknown types kept).</param>
/// <param name="Start">Offset of its <c>content_block_start</c> event.</param>
/// <param name="End">Offset of its <c>content_block_stop</c> event; <see langword="null"/> when the stream ended first.</param>
public readonly record struct BlockTiming(int Index, string Type, TimeSpan Start, TimeSpan? End);
