using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CcTracer.AspNetCore.Api;
using CcTracer.Analysis;
using CcTracer.Benchmarks.Harness;
using CcTracer.Storage;
using CcTracer.TestKit;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CcTracer.Benchmarks.Analysis;

/// <summary>
/// Issue #18: what analysis adds to opening a session of 2,000 Messages calls. "Open" is what the
/// UI does first — list the sessions and read the record summaries (a fresh reader, so its index
/// is built from the file). Analysis is timed cold (a fresh <see cref="SessionAnalyses"/> reading
/// the whole log) and warm (the cached analysis catching up one new call, as on every later
/// request and each live event). The session: real Claude Code bodies through the simulated
/// prompt cache, conversations of up to 40 turns with 3 KB tool results, then compacted.
/// </summary>
internal static class AnalysisBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var calls = options.Smoke ? 200 : 2000;
        var dir = Path.Combine(Path.GetTempPath(), "cctracer-bench-analysis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-3));
            var log = new SimulatedSessionLog("bench-analysis", time);
            var body = RequestBodies.AfterToolResult();
            for (var i = 0; i < calls; i++)
            {
                body = i % 40 == 0 ? RequestBodies.AfterToolResult() : RequestBodies.NextTurn(body, $"step {i}: " + new string('r', 3000));
                log.Call(body);
                time.Advance(TimeSpan.FromSeconds(15));
            }

            var path = Path.Combine(dir, "bench-analysis.jsonl");
            log.WriteTo(path);
            var store = Options.Create(new TraceStoreOptions { LogDirectory = dir });
            var open = new List<double>();
            var cold = new List<double>();
            var warm = new List<double>();
            for (var round = 0; round < options.Rounds; round++)
            {
                var reader = new SessionLogReader(store);
                var watch = Stopwatch.StartNew();
                await reader.ListSessionsAsync().ConfigureAwait(false);
                var summaries = await reader.GetSummariesAsync("bench-analysis").ConfigureAwait(false);
                open.Add(watch.Elapsed.TotalMilliseconds);
                if (summaries.Count != calls * 2)
                {
                    throw new BenchFailure($"{summaries.Count} summaries for {calls * 2} records");
                }

                var analyses = new SessionAnalyses(reader, Options.Create(new AnalysisOptions()));
                watch.Restart();
                var analysed = await analyses.ReadAsync("bench-analysis", a => a.Calls.Count, CancellationToken.None).ConfigureAwait(false);
                cold.Add(watch.Elapsed.TotalMilliseconds);
                if (analysed != calls)
                {
                    throw new BenchFailure($"{analysed} calls analysed of {calls}");
                }

                // One more call arrives; the next read catches up with it alone.
                var more = new SimulatedSessionLog("bench-analysis", time);
                more.Call(RequestBodies.NextTurn(body, "one more"));
                var extra = more.Text.Replace("\"seq\":1,", $"\"seq\":{(calls * 2) + 1 + (round * 2)},", StringComparison.Ordinal)
                    .Replace("\"seq\":2,", $"\"seq\":{(calls * 2) + 2 + (round * 2)},", StringComparison.Ordinal);
                await File.AppendAllTextAsync(path, extra).ConfigureAwait(false);
                watch.Restart();
                await analyses.ReadAsync("bench-analysis", a => a.Calls.Count, CancellationToken.None).ConfigureAwait(false);
                warm.Add(watch.Elapsed.TotalMilliseconds);
                await File.WriteAllTextAsync(path, log.Text).ConfigureAwait(false);
            }

            var openMs = Median(open);
            var coldMs = Median(cold);
            var warmMs = Median(warm);
            var sb = new StringBuilder();
            sb.AppendLine("## 5. Session analysis (issue #18)");
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Session of {calls:N0} Messages calls, {new FileInfo(path).Length / 1e6:0.0} MB; median of {options.Rounds} round(s). {MachineInfo.Describe()}");
            sb.AppendLine();
            sb.AppendLine("| step | ms | vs. open |");
            sb.AppendLine("|---|---:|---:|");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| open (list sessions + record summaries, fresh index) | {openMs:0.0} | 100 % |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| analysis, cold (whole log, first view of the session) | {coldMs:0.0} | {coldMs / openMs:P1} |");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| analysis, warm (cached, one new call: each later view and live event) | {warmMs:0.00} | {warmMs / openMs:P2} |");
            return sb.ToString();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
