using CcTracer.Live;
using CcTracer.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

/// <summary>Opens a log on a test directory and reads a file back, as the storage tests all do.</summary>
internal static class StoredRecords
{
    public static SessionLog NewLog(string directory)
        => new(Options.Create(new TraceStoreOptions { LogDirectory = directory }), new LiveFeed(Options.Create(new LiveFeedOptions())));

    public static async Task<List<StoredRecord>> ReadAllAsync(string path)
    {
        var records = new List<StoredRecord>();
        await foreach (var r in SessionLogReader.ReadFileAsync(path, 0, null, TestContext.Current.CancellationToken))
        {
            records.Add(r);
        }

        return records;
    }
}
