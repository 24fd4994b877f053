using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CcTracer.Storage;

namespace CcTracer.Threads;

/// <summary>
/// The <see cref="SessionRoot"/> of every session in the log directory, for linking resumed and
/// continued sessions. Each file is read only up to its first main-loop request, and once that is
/// found the file is not read again, so listing stays cheap however long the sessions grow.
/// </summary>
internal sealed partial class SessionRootIndex(SessionLogReader reader)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Links of every session in the log directory (sessions without links are absent).</summary>
    public async Task<IReadOnlyDictionary<string, SessionLinks>> LinkAllAsync(CancellationToken cancellationToken = default)
    {
        var roots = new List<SessionRoot>();
        if (Directory.Exists(reader.LogDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(reader.LogDirectory, "*.jsonl"))
            {
                if (await RootOfAsync(file, cancellationToken).ConfigureAwait(false) is { } root)
                {
                    roots.Add(root);
                }
            }
        }

        return SessionRoot.Link(roots);
    }

    /// <summary>Links of one session.</summary>
    public async Task<SessionLinks?> LinksOfAsync(string sessionId, CancellationToken cancellationToken = default)
        => (await LinkAllAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(sessionId);

    private async Task<SessionRoot?> RootOfAsync(string path, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(path, _ => new Entry());
        if (entry.Root is not null)
        {
            return entry.Root;
        }

        var length = new FileInfo(path).Length;
        if (length == entry.ScannedLength)
        {
            return null;
        }

        entry.ScannedLength = length;
        var sessionId = Path.GetFileNameWithoutExtension(path);
        DateTimeOffset? created = null;
        string? transcript = null;
        string? source = null;
        RequestFacts? first = null;
        await foreach (var record in SessionLogReader.ReadFileAsync(path, 0, null, cancellationToken).ConfigureAwait(false))
        {
            created ??= record.Timestamp;
            if (record.Type == RecordTypes.Hook && transcript is null)
            {
                var payload = HookPayload.Read(record, out var owned);
                using (owned)
                {
                    transcript = Json.String(payload, "transcript_path");
                    source ??= Json.String(payload, "source");
                }
            }
            else if (record.Type == RecordTypes.ApiRequest && first is null)
            {
                var request = RequestFacts.From(record, withConversation: true);
                if (request.Kind == ApiKinds.Messages && request.AgentHeader is null && request.ToolCount > 0 && request.MaxTokens != 1 && !request.BillingSaysSubagent && request.FirstMessageHash != 0)
                {
                    first = request;
                }
            }
            else if (record.Type == RecordTypes.ApiResponse && first is not null && Json.String(record.Root, "exchange_id") == first.ExchangeId)
            {
                // The answer is part of the conversation a continuation repeats: with it, two sessions
                // that merely start with the same prompt are not taken for one.
                var keys = first.ConversationKeys.ToList();
                foreach (var key in ResponseFacts.From(record).BlockKeys)
                {
                    keys.Add((keys.Count > 0 ? keys[^1] : ContentHash.Seed) * 31 + key);
                }

                entry.Root = new SessionRoot(sessionId, created ?? DateTimeOffset.MinValue, first.FirstMessageHash, keys, transcript)
                {
                    NamedTranscripts = [.. first.FirstUserTexts.SelectMany(t => TranscriptName().Matches(t)).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)],
                    StartSource = source,
                };
                return entry.Root;
            }
        }

        return null;
    }

    [GeneratedRegex(@"/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl")]
    private static partial Regex TranscriptName();

    private sealed class Entry
    {
        public long ScannedLength { get; set; } = -1;

        public SessionRoot? Root { get; set; }
    }
}
