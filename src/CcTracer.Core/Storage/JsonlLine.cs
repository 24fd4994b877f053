namespace CcTracer.Storage;

/// <summary>One line of a JSONL file: where it starts, its bytes (without the newline), and
/// whether a newline ended it (a missing one means the writer may still be writing it, or a
/// crash tore it).</summary>
internal readonly record struct JsonlLine(long Offset, ReadOnlyMemory<byte> Bytes, bool Terminated);
