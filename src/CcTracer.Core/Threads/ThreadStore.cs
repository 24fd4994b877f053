using System.Collections.Concurrent;
using CcTracer.Storage;

namespace CcTracer.Threads;

/// <summary>
/// Attribution of the sessions being looked at, kept per session and extended with only the records
/// written since the last look, so refreshing the threads of a live session costs its new records.
/// The most recently used <see cref="Capacity"/> sessions are kept.
/// </summary>
internal sealed class ThreadStore(SessionLogReader reader)
{
    internal const int Capacity = 16;
    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);

    /// <summary>Brings the session's attribution up to date and reads it under its lock.</summary>
    public async Task<T> ReadAsync<T>(string sessionId, Func<ThreadAttributor, T> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var path = reader.PathFor(sessionId);
        var entry = _sessions.GetOrAdd(path, _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            entry.LastUsed = Environment.TickCount64;
            if (File.Exists(path))
            {
                await CatchUpAsync(path, entry, cancellationToken).ConfigureAwait(false);
            }

            return read(entry.Attributor);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private static async Task CatchUpAsync(string path, Entry entry, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length < entry.ResumeAt)
            {
                // Replaced or truncated: start over.
                entry.Attributor = new ThreadAttributor();
                entry.ResumeAt = 0;
            }

            // Only whole lines were read up to ResumeAt, so the rest of the file starts on a line.
            stream.Position = entry.ResumeAt;
            var torn = false;
            await foreach (var record in SessionLogReader.ReadAsync(stream, entry.Attributor.LastSeq, _ => torn = true, cancellationToken).ConfigureAwait(false))
            {
                entry.Attributor.Add(record);
            }

            // A line still being written is read again next time (records already fed are skipped by seq).
            if (!torn)
            {
                entry.ResumeAt = stream.Position;
            }
        }
    }

    /// <summary>Forgets the least recently used sessions beyond <see cref="Capacity"/>.</summary>
    public void Trim()
    {
        if (_sessions.Count <= Capacity)
        {
            return;
        }

        foreach (var (path, _) in _sessions.OrderBy(s => s.Value.LastUsed).Take(_sessions.Count - Capacity).ToList())
        {
            _sessions.TryRemove(path, out _);
        }
    }

#pragma warning disable CA1001 // SemaphoreSlim needs disposing only once its wait handle is used; ours never is.
    private sealed class Entry
#pragma warning restore CA1001
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public ThreadAttributor Attributor { get; set; } = new();

        /// <summary>Where the next catch-up starts reading: the end of the last read that ended on a whole line.</summary>
        public long ResumeAt { get; set; }

        public long LastUsed { get; set; }
    }
}
