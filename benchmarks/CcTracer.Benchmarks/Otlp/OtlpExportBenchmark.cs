using System.Diagnostics;
using System.Globalization;
using System.Text;
using CcTracer.Benchmarks.Harness;
using CcTracer.Benchmarks.Memory;
using CcTracer.OpenTelemetry.Export;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace CcTracer.Benchmarks.Otlp;

/// <summary>
/// <c>cc-tracer export otlp</c>'s work on a long session: a generated 2,000-call log (the real 95 KB
/// request body per call, a tool call each) exported over OTLP/HTTP to a local sink that accepts
/// and discards, so the figures are the tracer's reading, mapping and the SDK's encoding, not a
/// backend's. Wall time, CPU time (the machine may be shared: CPU time is the steadier figure),
/// bytes allocated and the process's peak working set, with and without content.
/// </summary>
internal static class OtlpExportBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var calls = options.Smoke ? 20 : options.Int("--calls", 2000);
        var rounds = options.Smoke ? 1 : options.Int("--rounds", 3);
        var work = Directory.CreateTempSubdirectory("cctracer-otlp-bench-");
        try
        {
            var path = Path.Combine(work.FullName, "session.jsonl");
            SessionLogGenerator.Write(path, targetBytes: calls * 110_000L, targetRecords: calls * 4);
            var fileBytes = new FileInfo(path).Length;
            await using var sink = await OtlpSink.StartAsync().ConfigureAwait(false);
            var table = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"Export of a {calls:N0}-call session ({fileBytes / 1e6:F0} MB log, {calls * 4:N0} records) over OTLP/HTTP to a local sink; best of {rounds}.")
                .AppendLine()
                .AppendLine("| content | spans | time | CPU | allocated | peak working set | OTLP bytes sent |")
                .AppendLine("|---|---|---|---|---|---|---|");
            foreach (var content in new[] { false, true })
            {
                Measurement? best = null;
                for (var round = 0; round < rounds; round++)
                {
                    var m = await MeasureAsync(path, sink, content, calls).ConfigureAwait(false);
                    best = best is null || m.Time < best.Time ? m : best;
                }

                table.AppendLine(CultureInfo.InvariantCulture, $"| {(content ? "on" : "off")} | {best!.Spans:N0} | {best.Time.TotalSeconds:F2} s | {best.Cpu.TotalSeconds:F2} s | {best.Allocated / 1e6:F0} MB | {best.PeakWorkingSet / 1e6:F0} MB | {best.SentBytes / 1e3:N0} KB |");
            }

            return table.ToString();
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<Measurement> MeasureAsync(string path, OtlpSink sink, bool content, int calls)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var sentBefore = sink.Bytes;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        TimeSpan cpuBefore;
        using (var self = Process.GetCurrentProcess())
        {
            cpuBefore = self.TotalProcessorTime;
        }

        var clock = Stopwatch.StartNew();
        var result = await OtlpSessionExporter.ExportFileAsync(path, new CcTracerOtlpExportOptions
        {
            Endpoint = sink.Endpoint,
            Protocol = OtlpExportProtocol.HttpProtobuf,
            IncludeContent = content,
        }).ConfigureAwait(false);
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime - cpuBefore;
        if (!result.Succeeded || result.ChatSpans != calls || result.ToolSpans != calls)
        {
            throw new BenchFailure($"export of {calls} calls sent {result.ChatSpans} chat and {result.ToolSpans} tool spans; {result.Failure ?? (result.Flushed ? "" : "flush timed out")}");
        }

        return new Measurement(result.ChatSpans + result.ToolSpans + result.Sessions, clock.Elapsed, cpu, allocated, process.PeakWorkingSet64, sink.Bytes - sentBefore);
    }

    private sealed record Measurement(int Spans, TimeSpan Time, TimeSpan Cpu, long Allocated, long PeakWorkingSet, long SentBytes);

    /// <summary>An OTLP/HTTP endpoint that accepts every export (an empty protobuf response is a valid one) and counts its bytes.</summary>
    private sealed class OtlpSink : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _bytes;

        private OtlpSink(WebApplication app) => _app = app;

        public Uri Endpoint { get; private set; } = null!;

        public long Bytes => Interlocked.Read(ref _bytes);

        public static async Task<OtlpSink> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var sink = new OtlpSink(app);
            app.MapPost("/v1/traces", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body).ConfigureAwait(false);
                Interlocked.Add(ref sink._bytes, body.Length);
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync().ConfigureAwait(false);
            sink.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return sink;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
