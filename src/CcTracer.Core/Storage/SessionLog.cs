using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using CcTracer.Live;
using CcTracer.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CcTracer.Storage;

/// <summary>
/// The write side of the JSONL store. <see cref="Append"/> serializes on the caller's thread (a
/// record with a large captured body is serialized by the writer, straight into the file) and
/// hands the line to one background writer through a bounded channel: the caller never waits on
/// the disk, records reach the file in sequence order and are flushed as soon as the channel runs
/// dry (well inside 100 ms). When the writer falls a whole channel behind, records are dropped
/// and a <c>notice</c> record says how many — the traced session is never slowed.
/// </summary>
public sealed class SessionLog : IAsyncDisposable
{
    private static readonly TimeSpan ClosedGrace = TimeSpan.FromSeconds(10);
    private readonly Channel<PendingLine> _channel;
    private readonly ConcurrentDictionary<string, SessionSequence> _sequences = new(StringComparer.Ordinal);
    private readonly Lock _sequenceCreation = new();
    private readonly ConcurrentDictionary<string, long> _droppedBySession = new(StringComparer.Ordinal);
    // Exchange id → 0 while its parts are open, else when its api_response was written: a reader
    // that read the file just before that must still not take the exchange for interrupted.
    private readonly ConcurrentDictionary<string, long> _inFlight = new(StringComparer.Ordinal);
    private readonly SessionLogWriter _writer;
    private readonly SecretMasker _masker;
    private readonly Task _writerTask;
    private long _dropped;
    private long _accepted;
    private int _disposed;

    /// <summary>Creates the store and starts its background writer.</summary>
    public SessionLog(IOptions<TraceStoreOptions> options, LiveFeed liveFeed, ILogger<SessionLog>? logger = null)
        : this(options, liveFeed, logger, null)
    {
    }

    /// <summary>Creates the store with a replaced file write (tests simulate a full disk with it).</summary>
    internal SessionLog(IOptions<TraceStoreOptions> options, LiveFeed liveFeed, ILogger<SessionLog>? logger, SessionFileHandle.WriteAt? writeAt)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(liveFeed);
        var o = options.Value;
        LogDirectory = Path.GetFullPath(o.LogDirectory);
        OwnerOnly.CreateDirectory(LogDirectory);
        LiveFeed = liveFeed;
        _masker = new SecretMasker(MaskKey.LoadOrCreate(o.MaskKeyFile), o.MaskSecretsInBodies);
        _channel = Channel.CreateBounded<PendingLine>(new BoundedChannelOptions(o.MaxPendingRecords)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _writer = new SessionLogWriter(this, liveFeed, logger ?? NullLogger<SessionLog>.Instance, o.MaxOpenFiles, writeAt);
        _writerTask = Capture.LowPriorityThread.Start("cc-tracer log writer", () => _writer.Run(_channel.Reader));
    }

    /// <summary>The directory holding one <c>&lt;session&gt;.jsonl</c> per session.</summary>
    public string LogDirectory { get; }

    /// <summary>The live feed records are published to once written.</summary>
    public LiveFeed LiveFeed { get; }

    /// <summary>Records accepted so far.</summary>
    public long AcceptedRecords => Interlocked.Read(ref _accepted);

    /// <summary>Records dropped because the writer was a whole channel behind.</summary>
    public long DroppedRecords => Interlocked.Read(ref _dropped);

    /// <summary>Records written to disk so far.</summary>
    public long WrittenRecords => _writer.Written;

    /// <summary>Write failures (disk full, permissions) so far; each is also logged and shown live.</summary>
    public long WriteFailures => _writer.Failures;

    /// <summary>The file a session's records go to.</summary>
    public string PathFor(string sessionId) => SessionLogFile.PathFor(LogDirectory, sessionId);

    /// <summary>
    /// Accepts a record for writing. Never blocks and never throws for a well-formed record;
    /// returns <see langword="false"/> when it had to be dropped (counted, and reported in the log).
    /// </summary>
    public bool Append(TraceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Volatile.Read(ref _disposed) != 0)
        {
            record.Release();
            return false;
        }

        if (!TryEnqueue(record, out _))
        {
            Interlocked.Increment(ref _dropped);
            _droppedBySession.AddOrUpdate(record.SessionId, 1, static (_, n) => n + 1);
            return false;
        }

        Interlocked.Increment(ref _accepted);
        return true;
    }

    /// <summary>
    /// Accepts the wire bytes of a response still streaming (a <c>response_part</c> line, not a
    /// record: no <c>seq</c>). Never blocks; false when the log is closed or full.
    /// </summary>
    internal bool AppendPart(ResponsePartRecord part)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        if (_inFlight.Count > 256)
        {
            foreach (var (id, closed) in _inFlight)
            {
                if (closed != 0 && Stopwatch.GetElapsedTime(closed) > ClosedGrace)
                {
                    _inFlight.TryRemove(id, out _);
                }
            }
        }

        _inFlight[part.ExchangeId] = 0;
        return _channel.Writer.TryWrite(new PendingLine(part.SessionId, 0, null, null, part));
    }

    /// <summary>
    /// Whether an exchange of this process has parts in the log and no <c>api_response</c> yet:
    /// readers show such a response as in flight, not as interrupted.
    /// </summary>
    public bool IsInFlight(string exchangeId)
        => _inFlight.TryGetValue(exchangeId, out var closed) && (closed == 0 || Stopwatch.GetElapsedTime(closed) < ClosedGrace);

    /// <summary>For the writer: the exchange's <c>api_response</c> is in the file.</summary>
    internal void Closed(string exchangeId)
    {
        if (_inFlight.ContainsKey(exchangeId))
        {
            _inFlight[exchangeId] = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Serializes, numbers and enqueues a record; false when the channel is full or closed.</summary>
    internal bool TryEnqueue(TraceRecord record, out long seq)
    {
        var deferred = record.SerializesOnWriter;
        RecordFields? fields = null;
        try
        {
            // Here, the one door to the file and the live feed, so no record is stored or shown unmasked.
            record.ApplyMasking(_masker);
            fields = deferred ? null : RecordSerializer.Serialize(record);
        }
        catch
        {
            record.Release();
            throw;
        }

        var sequence = SequenceFor(record.SessionId);
        lock (sequence)
        {
            seq = sequence.Next + 1;
            if (!_channel.Writer.TryWrite(new PendingLine(record.SessionId, seq, fields, null, deferred ? record : null)))
            {
                fields?.Dispose();
                record.Release();
                return false;
            }

            sequence.Next = seq;
            return true;
        }
    }

    /// <summary>
    /// For the writer after the channel closed: numbers a record that it writes itself. Safe then
    /// because no producer can enqueue any more.
    /// </summary>
    internal PendingLine NumberDirectly(TraceRecord record)
    {
        // Only notices come this way: never deferred.
        var fields = RecordSerializer.Serialize(record);
        var sequence = SequenceFor(record.SessionId);
        lock (sequence)
        {
            return new PendingLine(record.SessionId, ++sequence.Next, fields, null);
        }
    }

    /// <summary>Puts back drop counts whose notice could not be enqueued, to be reported later.</summary>
    internal void RestoreDropped(string sessionId, long count)
        => _droppedBySession.AddOrUpdate(sessionId, count, (_, n) => n + count);

    /// <summary>Completes when every record accepted before the call is on disk.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _channel.Writer.WriteAsync(new PendingLine(string.Empty, 0, null, done), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            await _writerTask.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting records, writes every pending one, and closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _writerTask.ConfigureAwait(false);
            return;
        }

        _channel.Writer.TryComplete();
        await _writerTask.ConfigureAwait(false);
    }

    /// <summary>Takes the per-session drop counts for the writer to report.</summary>
    internal IEnumerable<KeyValuePair<string, long>> TakeDropped()
    {
        foreach (var key in _droppedBySession.Keys)
        {
            if (_droppedBySession.TryRemove(key, out var count) && count > 0)
            {
                yield return new(key, count);
            }
        }
    }

    private SessionSequence SequenceFor(string sessionId)
    {
        if (_sequences.TryGetValue(sessionId, out var existing))
        {
            return existing;
        }

        lock (_sequenceCreation)
        {
            // A server restarted mid-session continues the file's numbering.
            return _sequences.GetOrAdd(sessionId, id => new SessionSequence { Next = SessionLogFile.ReadLastSequence(PathFor(id)) });
        }
    }

    private sealed class SessionSequence
    {
        public long Next { get; set; }
    }
}
