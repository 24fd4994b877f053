using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CcTracer.Storage;

/// <summary>
/// The read side of the JSONL store: lists sessions and streams their records back, tolerant of a
/// torn last line (skipped with a warning) and of record types it does not know. Per-session
/// offsets and summaries are indexed incrementally, so a 200 MB log is scanned once, and a
/// record fetched by <c>seq</c> is one seek.
/// </summary>
public sealed partial class SessionLogReader
{
    private static readonly TimeSpan ActiveWindow = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, SessionIndex> _indexes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SessionFacts> _facts = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    private readonly SessionLog? _liveLog;

    /// <summary>Creates a reader of the configured log directory.</summary>
    /// <param name="options">Where the logs are.</param>
    /// <param name="logger">Where skipped lines are reported.</param>
    /// <param name="liveLog">
    /// The log this process writes, if any: a response it is still streaming is shown as in flight
    /// (not yet listed), where one cut off by an earlier process shows as interrupted.
    /// </param>
    public SessionLogReader(IOptions<TraceStoreOptions> options, ILogger<SessionLogReader>? logger = null, SessionLog? liveLog = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _liveLog = liveLog;
        LogDirectory = Path.GetFullPath(options.Value.LogDirectory);
        _logger = logger ?? NullLogger<SessionLogReader>.Instance;
    }

    /// <summary>The directory read.</summary>
    public string LogDirectory { get; }

    /// <summary>The sessions in the log directory, newest (last started) first, with what the picker shows about each.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(LogDirectory))
        {
            return [];
        }

        var now = DateTimeOffset.UtcNow;
        var sessions = new List<SessionInfo>();
        foreach (var file in new DirectoryInfo(LogDirectory).EnumerateFiles("*.jsonl"))
        {
            var facts = _facts.GetOrAdd(file.FullName, p => new SessionFacts(p));
            await facts.CatchUpAsync(cancellationToken).ConfigureAwait(false);
            file.Refresh();
            sessions.Add(new SessionInfo(
                Path.GetFileNameWithoutExtension(file.Name),
                file.FullName,
                file.Length,
                new DateTimeOffset(file.CreationTimeUtc, TimeSpan.Zero),
                new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero),
                !facts.Ended && now - file.LastWriteTimeUtc < ActiveWindow)
            {
                FirstPrompt = facts.FirstPrompt,
                Cwd = facts.Cwd,
                Turns = facts.Turns,
                Ended = facts.Ended,
            });
        }

        return [.. sessions.OrderByDescending(s => s.Created).ThenByDescending(s => s.Modified)];
    }

    /// <summary>The file of a session (it may not exist).</summary>
    public string PathFor(string sessionId) => SessionLogFile.PathFor(LogDirectory, sessionId);

    /// <summary>Streams a session's records with <c>seq</c> greater than <paramref name="afterSeq"/>.</summary>
    public IAsyncEnumerable<StoredRecord> ReadSessionAsync(string sessionId, long afterSeq = 0, Action<string>? onWarning = null, CancellationToken cancellationToken = default)
        => ReadPathAsync(PathFor(sessionId), afterSeq, onWarning ?? (w => LogSkipped(_logger, sessionId, w)), _liveLog is { } live ? live.IsInFlight : null, cancellationToken);

    /// <summary>Streams the records of any session log file.</summary>
    /// <remarks>
    /// Read to its end, a file whose last response was still streaming (its <c>response_part</c>s
    /// not closed) shows it as interrupted: this reader cannot know whether its writer is alive.
    /// </remarks>
    public static IAsyncEnumerable<StoredRecord> ReadFileAsync(string path, long afterSeq = 0, Action<string>? onWarning = null, CancellationToken cancellationToken = default)
        => ReadPathAsync(path, afterSeq, onWarning, inFlight: null, cancellationToken);

    private static async IAsyncEnumerable<StoredRecord> ReadPathAsync(string path, long afterSeq, Action<string>? onWarning, Func<string, bool>? inFlight, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            yield break;
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var record in ReadRecordsAsync(stream, afterSeq, onWarning, inFlight, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// Streams records from a JSONL stream. Lines that are not JSON objects (a torn last line
    /// after a crash, a hand edit) are skipped and reported through <paramref name="onWarning"/>.
    /// </summary>
    public static IAsyncEnumerable<StoredRecord> ReadAsync(Stream stream, long afterSeq = 0, Action<string>? onWarning = null, CancellationToken cancellationToken = default)
        => ReadRecordsAsync(stream, afterSeq, onWarning, inFlight: null, cancellationToken);

    private static async IAsyncEnumerable<StoredRecord> ReadRecordsAsync(Stream stream, long afterSeq, Action<string>? onWarning, Func<string, bool>? inFlight, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var lineNumber = 0;
        var chunks = new MemoryChunkSource();
        var interrupted = new InterruptedResponses();
        long lastSeq = 0;
        await foreach (var line in JsonlLineReader.ReadAsync(stream, 0, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (line.Bytes.IsEmpty)
            {
                continue;
            }

            if (ChunkLine.Is(line.Bytes.Span) && chunks.Add(line.Bytes.Span))
            {
                // Not a record: a piece of the bodies of the records that follow it.
                continue;
            }

            if (InterruptedResponses.IsPart(line.Bytes.Span) && interrupted.AddPart(line.Bytes.Span))
            {
                continue;
            }

            interrupted.CloseIfResponse(line.Bytes.Span);

            // The line reader reuses its buffer; a record keeps its line.
            var record = StoredRecord.TryParse(line.Bytes.ToArray(), out var error, chunks);
            if (record is null)
            {
                onWarning?.Invoke(line.Terminated
                    ? $"line {lineNumber} skipped: {error}"
                    : $"line {lineNumber} skipped: torn last line ({line.Bytes.Length} bytes, no newline): {error}");
                continue;
            }

            lastSeq = Math.Max(lastSeq, record.Seq);
            if (record.Seq > afterSeq)
            {
                yield return record;
            }
        }

        // Read to the end, a response still open was cut off: it is shown as interrupted.
        foreach (var line in interrupted.Lines(lastSeq + 1, inFlight))
        {
            if (StoredRecord.TryParse(line, out _, chunks) is { } record && record.Seq > afterSeq)
            {
                yield return record;
            }
        }
    }

    /// <summary>One record by sequence number, or <see langword="null"/>.</summary>
    public async Task<StoredRecord?> FindAsync(string sessionId, long seq, CancellationToken cancellationToken = default)
    {
        var index = await IndexAsync(sessionId, cancellationToken).ConfigureAwait(false);
        var line = await ReadStoredLineAsync(index, seq, cancellationToken).ConfigureAwait(false);
        return line is { } bytes ? StoredRecord.TryParse(bytes, out _, index.Chunks) : null;
    }

    /// <summary>
    /// The line of one record, or <see langword="null"/>: as stored, or for a v2 record whose body
    /// is kept as chunks, in the v1 shape (see <see cref="StoredRecord.Line"/>).
    /// </summary>
    public async Task<ReadOnlyMemory<byte>?> FindLineAsync(string sessionId, long seq, CancellationToken cancellationToken = default)
    {
        var index = await IndexAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (await ReadStoredLineAsync(index, seq, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }

        return RecordMaterializer.Readable(stored, index.Chunks).ToArray();
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadStoredLineAsync(SessionIndex index, long seq, CancellationToken cancellationToken)
    {
        if (!index.TryGetEntry(seq, out var entry))
        {
            return null;
        }

        if (entry.Line is { } held)
        {
            return held;
        }

        var stream = new FileStream(index.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            stream.Position = entry.Offset;
            var bytes = new byte[entry.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return bytes;
        }
    }

    /// <summary>Summaries (docs/http-api.md) of the records after <paramref name="afterSeq"/>, as UTF-8 JSON objects.</summary>
    public async Task<IReadOnlyList<ReadOnlyMemory<byte>>> GetSummariesAsync(string sessionId, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        var index = await IndexAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return index.SummariesAfter(afterSeq);
    }

    /// <summary>The <c>seq</c> of every record whose stored text contains <paramref name="text"/> (ordinal, ignoring case).</summary>
    public async Task<IReadOnlyList<long>> SearchAsync(string sessionId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var matches = new List<long>();
        var path = PathFor(sessionId);
        if (!File.Exists(path))
        {
            return matches;
        }

        using var matcher = new RecordTextMatcher(text.Trim());
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            // Lines are matched where they lie in the reader's buffer: no copy, no DOM.
            var chunks = new MemoryChunkSource();
            await foreach (var line in JsonlLineReader.ReadAsync(stream, 0, cancellationToken).ConfigureAwait(false))
            {
                if (ChunkLine.Is(line.Bytes.Span) && chunks.Add(line.Bytes.Span))
                {
                    continue;
                }

                if (matcher.MatchingSeq(RecordMaterializer.Readable(line.Bytes, chunks)) is var seq and > 0)
                {
                    matches.Add(seq);
                }
            }
        }

        return matches;
    }

    private async Task<SessionIndex> IndexAsync(string sessionId, CancellationToken cancellationToken)
    {
        var path = PathFor(sessionId);
        var index = _indexes.GetOrAdd(path, p => new SessionIndex(p));
        await index.CatchUpAsync(w => LogSkipped(_logger, sessionId, w), _liveLog is { } live ? live.IsInFlight : null, cancellationToken).ConfigureAwait(false);
        return index;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session log {SessionId}: {Warning}")]
    private static partial void LogSkipped(ILogger logger, string sessionId, string warning);
}
