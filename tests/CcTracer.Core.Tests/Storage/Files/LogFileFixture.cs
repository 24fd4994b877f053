using System.Text;
using CcTracer.Live;
using CcTracer.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Storage.Files;

/// <summary>What the file-handling tests share: a log over a directory, hook records, and reading back.</summary>
internal static class LogFileFixture
{
    public static SessionLog Open(string directory, int maxOpenFiles = 64, SessionFileHandle.WriteAt? writeAt = null)
        => new(
            Options.Create(new TraceStoreOptions { LogDirectory = directory, MaxOpenFiles = maxOpenFiles }),
            new LiveFeed(Options.Create(new LiveFeedOptions())),
            null,
            writeAt);

    public static HookRecord Hook(string session, int i, int pad = 0)
        => new(session, "PreToolUse", $"toolu_{i}", Encoding.UTF8.GetBytes($"{{\"session_id\":\"{session}\",\"hook_event_name\":\"PreToolUse\",\"i\":{i},\"pad\":\"{new string('x', pad)}\"}}"));

    public static async Task<List<StoredRecord>> ReadAsync(string path, List<string>? warnings = null)
    {
        var records = new List<StoredRecord>();
        await foreach (var r in SessionLogReader.ReadFileAsync(path, 0, warnings is null ? null : warnings.Add, TestContext.Current.CancellationToken))
        {
            records.Add(r);
        }

        return records;
    }

    /// <summary>The hook payloads' <c>i</c>, in file order.</summary>
    public static List<int> HookIndexes(IEnumerable<StoredRecord> records)
        => [.. records.Where(r => r.Type == RecordTypes.Hook).Select(r => r.Root.GetProperty("payload").GetProperty("i").GetInt32())];

    /// <summary>Raw lines that hold more than one record's start: a record glued onto a fragment.</summary>
    public static List<string> GluedLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return [.. text.Split('\n').Where(l => l.IndexOf("{\"v\":", StringComparison.Ordinal) != l.LastIndexOf("{\"v\":", StringComparison.Ordinal))];
    }
}
