using System.Diagnostics;
using System.Globalization;
using System.Text;
using CcTracer.AspNetCore.Export;
using CcTracer.Benchmarks.Harness;
using CcTracer.Benchmarks.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CcTracer.Benchmarks.Export;

/// <summary>
/// <c>export</c>: a 2,000-call session log (<see cref="SessionLogGenerator"/>: Claude Code's real 95 KB request
/// body per call, SSE answers, tool output) exported to each format as <c>cc-tracer export</c> does, one
/// after the other in this process: wall time, this process's peak resident memory during each export
/// (the mark reset before it), and the file's size. Smoke mode: 20 calls, and only that each export runs.
/// </summary>
internal static class ExportBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var calls = options.Smoke ? 20 : options.Int("--calls", 2000);
        var dir = Directory.CreateTempSubdirectory("cc-tracer-bench-export-").FullName;
        try
        {
            const string sessionId = "bench-export";
            var log = Path.Combine(dir, sessionId + ".jsonl");
            var records = SessionLogGenerator.Write(log, calls * 110_000L, calls * 4);
            var logBytes = new FileInfo(log).Length;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddCcTracer(configureStore: s => s.LogDirectory = dir);
            await using var app = builder.Build();
            var api = new InProcessApi(app.Services);

            var table = new StringBuilder();
            table.AppendLine(CultureInfo.InvariantCulture, $"{MachineInfo.Describe()}: {calls:N0} calls ({records:N0} records, {ProcStatus.Mb(logBytes)} MB log).");
            table.AppendLine();
            table.AppendLine("| export | time (s) | peak RSS (MB) | file (MB) |");
            table.AppendLine("|---|---:|---:|---:|");
            foreach (var (format, noContent) in new[] { (ExportFormat.Har, false), (ExportFormat.Html, false), (ExportFormat.Markdown, false), (ExportFormat.Har, true), (ExportFormat.Html, true) })
            {
                var target = Path.Combine(dir, "out" + SessionExports.Extension(format));
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var reset = ProcStatus.ResetPeak(Environment.ProcessId);
                var clock = Stopwatch.StartNew();
                await using (var file = File.Create(target))
                {
                    await SessionExports.WriteAsync(format, api, sessionId, log, file, noContent, CancellationToken.None).ConfigureAwait(false);
                }

                clock.Stop();
                var peak = reset ? ProcStatus.ReadBytes(Environment.ProcessId, "VmHWM") : -1;
                var size = new FileInfo(target).Length;
                if (size == 0)
                {
                    throw new BenchFailure($"{format} export wrote nothing.");
                }

                table.AppendLine(CultureInfo.InvariantCulture, $"| {format.ToString().ToLowerInvariant()}{(noContent ? " --no-content" : "")} | {clock.Elapsed.TotalSeconds:0.0} | {ProcStatus.Mb(peak)} | {ProcStatus.Mb(size)} |");
                File.Delete(target);
            }

            return table.ToString();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
