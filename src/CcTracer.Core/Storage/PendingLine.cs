namespace CcTracer.Storage;

/// <summary>
/// A serialized record waiting for the writer. <see cref="Fields"/> is the record's JSON without
/// its opening brace and envelope; the writer prefixes <c>{"v":1,"seq":N,</c>.
/// A <see cref="Deferred"/> record instead of fields is serialized by the writer straight into the file.
/// Neither, with a <see cref="FlushRequest"/>, asks the writer to flush.
/// </summary>
internal readonly record struct PendingLine(string SessionId, long Seq, RecordFields? Fields, TaskCompletionSource? FlushRequest, TraceRecord? Deferred = null)
{
    /// <summary>Whether this is a flush request rather than a record.</summary>
    public bool IsFlushRequest => Fields is null && Deferred is null;
}
