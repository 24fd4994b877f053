using System.Diagnostics;
using System.Globalization;
using CcTracer.Benchmarks.Harness;
using CcTracer.Benchmarks.Memory;
using CcTracer.Benchmarks.Streaming;
using CcTracer.Storage;
using CcTracer.Threads;
using Microsoft.Extensions.Options;

namespace CcTracer.Benchmarks.Threads;

/// <summary>
/// Issue #19: what threading adds to opening a long session. A 2,000-call session log (the
/// memory benchmark's generator: real 95 KB request bodies), opened cold as the UI does
/// (<c>/records</c>: the index and every summary), against attributing its calls to threads cold
/// (<c>/threads</c>). Each round uses fresh readers, so nothing is cached between them.
/// </summary>
internal static class ThreadsBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var calls = options.Int("--calls", options.Smoke ? 50 : 2000);
        var directory = Directory.CreateTempSubdirectory("cctracer-threads-bench-").FullName;
        try
        {
            var path = Path.Combine(directory, BenchRequests.SessionId + ".jsonl");
            var records = SessionLogGenerator.Write(path, targetBytes: calls * 100_000L, targetRecords: calls * 4);
            var bytes = new FileInfo(path).Length;
            var open = new List<double>();
            var thread = new List<double>();
            var threads = 0;
            for (var round = 0; round < options.Rounds; round++)
            {
                var reader = new SessionLogReader(Options.Create(new TraceStoreOptions { LogDirectory = directory }));
                var clock = Stopwatch.StartNew();
                var summaries = await reader.GetSummariesAsync(BenchRequests.SessionId).ConfigureAwait(false);
                open.Add(clock.Elapsed.TotalMilliseconds);
                if (summaries.Count != records)
                {
                    throw new BenchFailure($"opened {summaries.Count} of {records} records");
                }

                var store = new ThreadStore(new SessionLogReader(Options.Create(new TraceStoreOptions { LogDirectory = directory })));
                clock.Restart();
                var attributed = await store.ReadAsync(BenchRequests.SessionId, a => (a.Calls.Count, a.Threads.Count)).ConfigureAwait(false);
                thread.Add(clock.Elapsed.TotalMilliseconds);
                if (attributed.Item1 != calls)
                {
                    throw new BenchFailure($"threaded {attributed.Item1} of {calls} calls");
                }

                threads = attributed.Item2;
            }

            var openMs = Percentiles.Median(open);
            var threadMs = Percentiles.Median(thread);
            return string.Create(CultureInfo.InvariantCulture, $"""
                | session | open (`/records`, cold) | threads (`/threads`, cold) | threads / open |
                |---|---|---|---|
                | {calls:N0} calls, {records:N0} records, {bytes / 1e6:F0} MB, {threads} thread(s) | {openMs:F0} ms | {threadMs:F0} ms | {threadMs / openMs * 100:F1} % |

                Medians of {options.Rounds} round(s), each with fresh readers (nothing cached).
                """);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
