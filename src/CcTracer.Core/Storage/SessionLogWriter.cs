using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using CcTracer.Buffers;
using CcTracer.Live;
using Microsoft.Extensions.Logging;

namespace CcTracer.Storage;

/// <summary>
/// The single background consumer of <see cref="SessionLog"/>'s channel: appends lines to one
/// file per session, flushes whenever the channel runs dry, then publishes each written record's
/// summary to the live feed (so live subscribers only ever see what is on disk).
/// </summary>
internal sealed partial class SessionLogWriter : IDisposable
{
    private static readonly TimeSpan MaxBatchTime = TimeSpan.FromMilliseconds(50);

    private readonly SessionLog _log;
    private readonly LiveFeed _live;
    private readonly ILogger _logger;
    private readonly SessionFileHandles _files;
    private readonly List<(string SessionId, long Seq, RecordFields? Fields, byte[]? Summary)> _written = [];
    private readonly StreamBufferWriter _direct = new();
    private readonly ArrayBufferWriter<byte> _envelope = new(48);
    private readonly ChunkWriter _chunks = new();
    private readonly ChunkListPrefixes _prefixes = new();
    private readonly Dictionary<string, PersistedParts> _partial = new(StringComparer.Ordinal);
    private long _written_count;
    private long _failures;

    public SessionLogWriter(SessionLog log, LiveFeed live, ILogger logger, int maxOpenFiles, SessionFileHandle.WriteAt? writeAt = null)
    {
        _log = log;
        _live = live;
        _logger = logger;
        _files = new SessionFileHandles(maxOpenFiles, log.PathFor, FlushFailed, writeAt);
    }

    public long Written => Interlocked.Read(ref _written_count);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// The writer loop. It runs on its own low-priority thread (see <see cref="Capture.LowPriorityThread"/>)
    /// and blocks there while the channel is empty: serializing and writing big records is the
    /// tracer's heaviest work, and it must never take CPU from the session being traced.
    /// </summary>
    public void Run(ChannelReader<PendingLine> reader)
    {
        try
        {
            while (WaitToRead(reader))
            {
                List<TaskCompletionSource>? flushRequests = null;
                _files.NextBatch();

                // Under a steady stream of records the channel may never run dry: end the batch
                // after a bounded time so a record is on disk within MaxBatchTime of acceptance.
                var batchStart = Stopwatch.GetTimestamp();
                while (Stopwatch.GetElapsedTime(batchStart) < MaxBatchTime && reader.TryRead(out var item))
                {
                    if (item.IsFlushRequest)
                    {
                        (flushRequests ??= []).Add(item.FlushRequest!);
                        continue;
                    }

                    Write(item);
                }

                FlushAll();
                PublishWritten();
                ReportDropped();
                flushRequests?.ForEach(r => r.TrySetResult());
            }
        }
        finally
        {
            // The channel is closed: drops not yet reported are written directly, in order.
            foreach (var (sessionId, count) in _log.TakeDropped())
            {
                Write(_log.NumberDirectly(DroppedNotice(sessionId, count)));
            }

            FlushAll();
            PublishWritten();
            _files.Dispose();
            Dispose();
        }
    }

    /// <summary>Returns the direct-write buffer; <see cref="Run"/> does it when the channel closes.</summary>
    public void Dispose() => _direct.Dispose();

    private static bool WaitToRead(ChannelReader<PendingLine> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void Write(PendingLine item)
    {
        try
        {
            var file = FileFor(item.SessionId);
            file.BeginRecord();
            if (item.Deferred is ResponsePartRecord part)
            {
                WritePart(file, part);
                return;
            }

            _envelope.ResetWrittenCount();
            RecordSerializer.WriteEnvelope(_envelope, item.Seq);
            if (item.Deferred is { } record)
            {
                // A request's summary needs its body embedded: made before the body becomes chunk ids.
                var embedded = _live.SubscriberCount > 0 && record is not ApiResponseRecord
                    ? RecordSerializer.ToLine(item.Seq, RecordSerializer.SerializeFields(record))
                    : null;
                if (record.BodyToStore is { } body)
                {
                    // The body's new chunks go first, so a reader meets each before the records using it.
                    var persisted = record is ApiResponseRecord r && _partial.Remove(r.ExchangeId, out var p) && !p.Broken ? p : null;
                    var stored = _chunks.Write(file, item.SessionId, body, persisted?.Ids, persisted?.Length ?? 0);
                    record.StoredBody = record is ApiRequestRecord ? _prefixes.Shorten(item.SessionId, item.Seq, stored) : stored;
                }

                file.Write(_envelope.WrittenSpan);
                var lineBytes = _envelope.WrittenCount + WriteDirectly(file, record);
                file.WriteByte((byte)'\n');
                Interlocked.Increment(ref _written_count);
                if (record is ApiResponseRecord closed)
                {
                    _log.Closed(closed.ExchangeId);
                }

                var summary = embedded is not null ? RecordSummarizer.Summarize(embedded, lineBytes)
                    : _live.SubscriberCount > 0 ? DeferredSummary(item.Seq, record, lineBytes) : null;
                _written.Add((item.SessionId, item.Seq, null, summary));
                return;
            }

            file.Write(_envelope.WrittenSpan);

            item.Fields!.WriteTo(file);
            file.WriteByte((byte)'\n');
            Interlocked.Increment(ref _written_count);
            _written.Add((item.SessionId, item.Seq, item.Fields, null));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What the file holds is no longer certain: later records must not refer to it.
            ForgetChunks(item.SessionId);
            item.Fields?.Dispose();
            Interlocked.Increment(ref _failures);
            LogWriteFailed(_logger, item.SessionId, e.Message);
            var json = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["seq"] = item.Seq,
                ["type"] = RecordTypes.Notice,
                ["session_id"] = item.SessionId,
                ["level"] = "error",
                ["message"] = "cc-tracer could not write to the log: " + e.Message,
            }));
            _live.Publish(new LiveItem("record", item.SessionId, json));
        }
        finally
        {
            item.Deferred?.Release();
        }
    }

    /// <summary>
    /// Forgets which chunks and chunk lists a session's file holds, so the next bodies are written
    /// whole: after a failed write, or when the file was recreated (deleted or rotated away).
    /// </summary>
    public void ForgetChunks(string sessionId)
    {
        _chunks.Forget(sessionId);
        _prefixes.Forget(sessionId);

        // Streaming responses write their whole body at the end instead of referring to parts.
        _partial.Clear();
    }

    /// <summary>
    /// Writes the new chunks of a streaming response and a <c>response_part</c> line naming them;
    /// remembers them so the exchange's <c>api_response</c> refers to them instead of writing them again.
    /// </summary>
    private void WritePart(Stream file, ResponsePartRecord part)
    {
        if (!_partial.TryGetValue(part.ExchangeId, out var persisted))
        {
            _partial[part.ExchangeId] = persisted = new PersistedParts();
        }

        var stored = _chunks.Write(file, part.SessionId, part.BodyToStore!.Value);
        part.StoredBody = stored;

        // A part lost before this one (the channel was full) leaves a gap: the response is then
        // written whole at its end, not as these parts plus the rest.
        persisted.Broken |= part.Offset != persisted.Length;
        persisted.Ids.AddRange(stored.ChunkIds);
        persisted.Length = part.Offset + stored.Length;
        file.WriteByte((byte)'{');
        WriteDirectly(file, part);
        file.WriteByte((byte)'\n');
    }

    /// <summary>Serializes a deferred record into the file; returns the bytes written (its fields).</summary>
    private long WriteDirectly(Stream file, TraceRecord record)
    {
        _direct.Start(file, skip: 1);
        try
        {
            RecordSerializer.WriteRecord(_direct, record);
            _direct.Flush();
            return _direct.Written;
        }
        catch (Exception e) when (e is not IOException and not UnauthorizedAccessException and not OutOfMemoryException)
        {
            // A fault while serializing leaves part of a line: end it so the next record starts
            // its own (readers skip the torn one with a warning), and say what happened.
            _direct.Flush();
            file.WriteByte((byte)'\n');
            throw new IOException($"a record could not be serialized and was cut short: {e.Message}", e);
        }
    }

    /// <summary>
    /// The live summary of a deferred record, made from the record in memory before its body is
    /// freed: it was written straight into the file, so there is no line in memory to read it from.
    /// </summary>
    private static byte[]? DeferredSummary(long seq, TraceRecord record, long lineBytes)
        => record is ApiResponseRecord response ? ResponseSummarizer.Summarize(response, seq, lineBytes) : null;

    private SessionFileHandle FileFor(string sessionId)
    {
        var file = _files.Get(sessionId, out var change, out var movedTo);
        if (change != FileChange.None)
        {
            // Chunks the old file held are not in the new one: bodies are written whole again.
            ForgetChunks(sessionId);
            ReportChange(sessionId, change, movedTo);
        }

        if (file.TakeCreated())
        {
            // Dated, so a page that is open can place the new session first and say when it started.
            var now = System.Text.Json.JsonSerializer.Serialize(DateTimeOffset.UtcNow);
            var info = Encoding.UTF8.GetBytes($"{{\"session_id\":{System.Text.Json.JsonSerializer.Serialize(sessionId)},\"bytes\":0,\"created\":{now},\"modified\":{now},\"active\":true,\"ended\":false,\"turns\":0}}");
            _live.Publish(new LiveItem("session", sessionId, info));
        }

        return file;
    }

    private void FlushAll() => _files.FlushAll();

    private void FlushFailed(string sessionId, Exception e)
    {
        Interlocked.Increment(ref _failures);
        LogWriteFailed(_logger, sessionId, e.Message);
    }

    private void PublishWritten()
    {
        if (_written.Count == 0)
        {
            return;
        }

        var publish = _live.SubscriberCount > 0;
        foreach (var (sessionId, seq, fields, deferredSummary) in _written)
        {
            if (publish && (deferredSummary ?? (fields is null ? null : Summarize(seq, fields))) is { } summary)
            {
                _live.Publish(new LiveItem("record", sessionId, summary));
            }

            fields?.Dispose();
        }

        _written.Clear();
    }

    // Records over 64 KB are chunked; with the UI open they pay for one contiguous copy here.
    private static byte[] Summarize(long seq, RecordFields fields)
        => RecordSummarizer.SummarizeFields(seq, fields.IsContiguous ? fields.Span : fields.ToArray());

    private void ReportDropped()
    {
        foreach (var (sessionId, count) in _log.TakeDropped())
        {
            LogDropped(_logger, count, sessionId);
            if (!_log.TryEnqueue(DroppedNotice(sessionId, count), out _))
            {
                // Still full: keep the count for the next report rather than lose it.
                _log.RestoreDropped(sessionId, count);
            }
        }
    }

    private void ReportChange(string sessionId, FileChange change, string? movedTo)
    {
        var (message, detail) = change switch
        {
            FileChange.Deleted => ("cc-tracer's log file of this session was deleted while it was being written; cc-tracer started a new one. Records written before this notice went with the deleted file.", "file=deleted"),
            FileChange.Moved => ($"cc-tracer's log file of this session was moved{(movedTo is null ? "" : " to " + movedTo)} (log rotation?); cc-tracer started a new one. Earlier records are in the moved file.", "file=moved" + (movedTo is null ? "" : ":" + movedTo)),
            _ => ("cc-tracer's log file of this session was truncated or appended to by another program; cc-tracer goes on writing at its end, on a line of its own.", "file=resized"),
        };

        LogFileChanged(_logger, sessionId, detail);
        if (!_log.TryEnqueue(new NoticeRecord(sessionId, NoticeLevel.Warning, message, detail), out _))
        {
            LogDropped(_logger, 1, sessionId);
        }
    }

    private static NoticeRecord DroppedNotice(string sessionId, long count)
        => new(
            sessionId,
            NoticeLevel.Warning,
            $"cc-tracer dropped {count} record(s): the log writer fell behind (disk too slow?). The Claude Code session was not affected.",
            $"dropped={count}");

    private sealed class PersistedParts
    {
        public List<string> Ids { get; } = [];

        public long Length { get; set; }

        public bool Broken { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "cc-tracer could not write the log of session {SessionId}: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cc-tracer's log of session {SessionId} changed behind its back ({Detail}): reopened it")]
    private static partial void LogFileChanged(ILogger logger, string sessionId, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cc-tracer dropped {Count} record(s) of session {SessionId}: the writer fell behind")]
    private static partial void LogDropped(ILogger logger, long count, string sessionId);
}
