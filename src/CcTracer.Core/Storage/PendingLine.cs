namespace CcTracer.Storage;

/// <summary>
/// A serialized record waiting for the writer. <see cref="Fields"/> is the record's JSON without
/// its opening brace and envelope; the writer prefixes <c>{"v":1,"seq":N,</c>.
/// A null <see cref="Fields"/> with a <see cref="FlushRequest"/> asks the writer to flush.
/// </summary>
internal readonly record struct PendingLine(string SessionId, long Seq, RecordFields? Fields, TaskCompletionSource? FlushRequest);
