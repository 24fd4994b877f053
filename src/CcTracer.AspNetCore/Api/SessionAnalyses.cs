using System.Collections.Concurrent;
using System.Text.Json;
using CcTracer.Analysis;
using CcTracer.Analysis.Pricing;
using CcTracer.Storage;
using Microsoft.Extensions.Options;

namespace CcTracer.AspNetCore.Api;

/// <summary>
/// One <see cref="SessionAnalyzer"/> per recently viewed session, caught up with the log on each
/// use: the first read of a session streams its records once, later ones read only the records
/// added since (found through the reader's index), so neither the API nor the live feed
/// recomputes a session from scratch. The least recently used analyses beyond
/// <see cref="MaxSessions"/> are dropped.
/// </summary>
internal sealed class SessionAnalyses
{
    internal const int MaxSessions = 16;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SessionLogReader _reader;
    private readonly AnalysisOptions _options;
    private readonly Lazy<PricingTable> _pricing;

    public SessionAnalyses(SessionLogReader reader, IOptions<AnalysisOptions> options)
    {
        _reader = reader;
        _options = options.Value;
        _pricing = new Lazy<PricingTable>(() => string.IsNullOrWhiteSpace(_options.PricingFile) ? PricingTable.BuiltIn : PricingTable.Load(_options.PricingFile));
    }

    /// <summary>Catches the session's analysis up with its log and runs <paramref name="read"/> on it, alone.</summary>
    /// <returns><see langword="default"/> when the session has no log.</returns>
    public async Task<T?> ReadAsync<T>(string sessionId, Func<SessionAnalyzer, T> read, CancellationToken cancellationToken)
    {
        var path = _reader.PathFor(sessionId);
        if (!File.Exists(path))
        {
            return default;
        }

        var entry = _entries.GetOrAdd(path, _ => new Entry(new SessionAnalyzer(_pricing.Value, _options)));
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            entry.LastUsed = Environment.TickCount64;
            var length = new FileInfo(path).Length;
            if (length < entry.Length)
            {
                // Replaced or truncated: what was analysed is gone.
                entry.Analyzer = new SessionAnalyzer(_pricing.Value, _options);
            }

            entry.Length = length;
            await CatchUpAsync(sessionId, entry.Analyzer, cancellationToken).ConfigureAwait(false);
            return read(entry.Analyzer);
        }
        finally
        {
            entry.Gate.Release();
            Trim();
        }
    }

    private async Task CatchUpAsync(string sessionId, SessionAnalyzer analyzer, CancellationToken cancellationToken)
    {
        if (analyzer.LastSeq == 0)
        {
            await foreach (var record in _reader.ReadSessionAsync(sessionId, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                analyzer.Add(record);
            }

            return;
        }

        // Later catch-ups: the index's summaries say which new records are API records; only those are read.
        foreach (var summary in await _reader.GetSummariesAsync(sessionId, analyzer.LastSeq, cancellationToken).ConfigureAwait(false))
        {
            var (seq, type) = SeqAndType(summary.Span);
            if (type is RecordTypes.ApiRequest or RecordTypes.ApiResponse && await _reader.FindAsync(sessionId, seq, cancellationToken).ConfigureAwait(false) is { } record)
            {
                analyzer.Add(record);
            }
            else
            {
                analyzer.Skip(seq);
            }
        }
    }

    internal static (long Seq, string? Type) SeqAndType(ReadOnlySpan<byte> summary)
    {
        var reader = new Utf8JsonReader(summary);
        long seq = 0;
        string? type = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return (0, null);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (seq == 0 || type is null))
        {
            var isSeq = reader.ValueTextEquals("seq"u8);
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isSeq && reader.TokenType == JsonTokenType.Number)
            {
                seq = reader.GetInt64();
            }
            else if (isType && reader.TokenType == JsonTokenType.String)
            {
                type = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return (seq, type);
    }

    private void Trim()
    {
        if (_entries.Count <= MaxSessions)
        {
            return;
        }

        foreach (var (path, _) in _entries.OrderBy(e => e.Value.LastUsed).Take(_entries.Count - MaxSessions))
        {
            _entries.TryRemove(path, out _);
        }
    }

    private sealed class Entry(SessionAnalyzer analyzer)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SessionAnalyzer Analyzer { get; set; } = analyzer;

        public long Length { get; set; }

        public long LastUsed { get; set; }
    }
}
