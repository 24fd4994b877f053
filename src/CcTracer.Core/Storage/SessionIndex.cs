namespace CcTracer.Storage;

/// <summary>
/// Offsets and summaries of one session file's records, extended as the file grows. A line
/// without its newline yet is left for the next catch-up: the writer may be mid-line.
/// </summary>
#pragma warning disable CA1001 // SemaphoreSlim needs disposing only once its wait handle is used; ours never is.
internal sealed class SessionIndex
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Entry> _entries = [];
    private long _indexedTo;
    private InterruptedResponses _interrupted = new();
    private int _synthetic;

    public SessionIndex(string path)
    {
        Path = path;
        Chunks = new FileChunkSource(path);
    }

    public string Path { get; }

    /// <summary>Where the file's chunk lines are, for records whose bodies refer to them.</summary>
    public FileChunkSource Chunks { get; }

    public async Task CatchUpAsync(Action<string> onWarning, Func<string, bool>? inFlight, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(Path))
            {
                return;
            }

            var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                if (stream.Length < _indexedTo)
                {
                    // The file was replaced or truncated: start over.
                    lock (_entries)
                    {
                        _entries.Clear();
                        _synthetic = 0;
                    }

                    Chunks.Clear();
                    _interrupted = new InterruptedResponses();

                    _indexedTo = 0;
                }

                // Interrupted responses are the tail of the list, made again at each catch-up.
                lock (_entries)
                {
                    _entries.RemoveRange(_entries.Count - _synthetic, _synthetic);
                    _synthetic = 0;
                }

                stream.Position = _indexedTo;
                await foreach (var line in JsonlLineReader.ReadAsync(stream, _indexedTo, cancellationToken).ConfigureAwait(false))
                {
                    if (!line.Terminated)
                    {
                        break;
                    }

                    _indexedTo = line.Offset + line.Bytes.Length + 1;
                    if (line.Bytes.IsEmpty)
                    {
                        continue;
                    }

                    if (ChunkLine.Is(line.Bytes.Span))
                    {
                        Chunks.Add(line.Bytes.Span, line.Offset);
                        continue;
                    }

                    if (InterruptedResponses.IsPart(line.Bytes.Span) && _interrupted.AddPart(line.Bytes.Span))
                    {
                        continue;
                    }

                    _interrupted.CloseIfResponse(line.Bytes.Span);

                    var seq = SessionLogFile.ParseSequence(line.Bytes.Span);
                    var summary = RecordSummarizer.Summarize(RecordMaterializer.Readable(line.Bytes, Chunks), line.Bytes.Length);
                    if (seq <= 0 || summary.AsSpan().IndexOf("\"type\":\"unreadable\""u8) >= 0)
                    {
                        onWarning($"record at byte {line.Offset} skipped: not a valid record");
                        continue;
                    }

                    lock (_entries)
                    {
                        _entries.Add(new Entry(seq, line.Offset, line.Bytes.Length, summary));
                    }
                }

                AddInterrupted(inFlight);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void AddInterrupted(Func<string, bool>? inFlight)
    {
        if (!_interrupted.Any)
        {
            return;
        }

        long next;
        lock (_entries)
        {
            next = _entries.Count == 0 ? 1 : _entries[^1].Seq + 1;
        }

        foreach (var line in _interrupted.Lines(next, inFlight))
        {
            var summary = RecordSummarizer.Summarize(RecordMaterializer.Readable(line, Chunks), line.Length);
            lock (_entries)
            {
                _entries.Add(new Entry(SessionLogFile.ParseSequence(line), -1, line.Length, summary) { Line = line });
                _synthetic++;
            }
        }
    }

    public bool TryGetEntry(long seq, out Entry entry)
    {
        // Sequence numbers are increasing, so a binary search finds the entry.
        lock (_entries)
        {
            return TryGetEntryLocked(seq, out entry);
        }
    }

    private bool TryGetEntryLocked(long seq, out Entry entry)
    {
        var lo = 0;
        var hi = _entries.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = _entries[mid].Seq;
            if (s == seq)
            {
                entry = _entries[mid];
                return true;
            }

            if (s < seq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        entry = default;
        return false;
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> SummariesAfter(long afterSeq)
    {
        lock (_entries)
        {
            return _entries.Where(e => e.Seq > afterSeq).Select(e => (ReadOnlyMemory<byte>)e.Summary).ToList();
        }
    }

    internal readonly record struct Entry(long Seq, long Offset, int Length, byte[] Summary)
    {
        /// <summary>The line itself, for an entry not in the file (an interrupted response).</summary>
        public byte[]? Line { get; init; }
    }
}
