using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CcTracer.AspNetCore;
using CcTracer.Benchmarks.Harness;
using CcTracer.Storage;
using CcTracer.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CcTracer.Benchmarks.LongSession;

/// <summary>
/// <c>longsession</c>: a long Claude Code session through the real proxy (in-process tracer on
/// loopback, scripted upstream), each request the previous one plus a turn. Reports the log's size
/// against the bytes carried (requests plus response SSE) at checkpoints, and checks that every
/// request reads back byte for byte.
/// </summary>
internal static class LongSessionBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var calls = options.Int("--calls", options.Smoke ? 40 : 300);
        int[] checkpoints = [.. new[] { 50, 100, 200, 300, calls }.Where(c => c <= calls).Distinct()];
        var logDirectory = Path.Combine(Path.GetTempPath(), "cctracer-longsession", Guid.NewGuid().ToString("N"));
        var session = Guid.NewGuid().ToString();
        var conversation = new Conversation(Path.Combine(RepoPaths.Root, "tests", "fixtures", "claude-code-2.1.332", "request-main-first.json"));
        var random = new Random(5);

        await using var upstream = await ScriptedUpstream.StartAsync(_ => ScriptedResponse.Stream(Turn(random)));
        var app = await StartTracerAsync(upstream.BaseUri, logDirectory);
        var rows = new List<string>();
        long requestBytes = 0, responseBytes = 0;
        var digests = new List<string>();
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
            {
                BaseAddress = Address(app),
                Timeout = TimeSpan.FromMinutes(2),
            };
            var log = app.Services.GetRequiredService<SessionLog>();
            for (var call = 1; call <= calls; call++)
            {
                var body = conversation.NextRequest();
                requestBytes += body.Length;
                digests.Add(Convert.ToHexStringLower(SHA256.HashData(body)));
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages?beta=true") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
                request.Headers.TryAddWithoutValidation("X-Claude-Code-Session-Id", session);
                request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                responseBytes += (await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false)).Length;
                if (checkpoints.Contains(call))
                {
                    await log.FlushAsync().ConfigureAwait(false);
                    var onDisk = new FileInfo(log.PathFor(session)).Length;
                    var carried = requestBytes + responseBytes;
                    rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {call} | {Mb(requestBytes)} | {Mb(responseBytes)} | {Mb(onDisk)} | {100.0 * onDisk / carried:0.00} % | {onDisk / 1024.0 / call:0.0} KB |"));
                    Console.WriteLine(rows[^1]);
                }
            }
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        await AuditAsync(Path.Combine(logDirectory, session + ".jsonl"), digests).ConfigureAwait(false);
        Directory.Delete(logDirectory, recursive: true);
        return $"""
            ## 5. Session log size, a long session (schema v2, {DateTime.UtcNow:yyyy-MM-dd})

            {calls} calls through the proxy, one session; each request = the previous one + a tool turn (system prompt and tools resent, tool results 0.3–12 KB, a reminder rewritten every 40 calls). Every request read back from the log matched the SHA-256 of the bytes sent.

            | calls | request bytes | response SSE | log on disk | disk / carried | disk per call |
            |---:|---:|---:|---:|---:|---:|
            {string.Join('\n', rows)}

            {MachineInfo.Describe()}
            """;
    }

    private static async Task<WebApplication> StartTracerAsync(Uri upstream, string logDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        builder.Services.AddCcTracer(o => { o.Upstream = upstream; o.UseSystemProxy = false; }, s => s.LogDirectory = logDirectory);
        var app = builder.Build();
        app.MapCcTracer();
        await app.StartAsync().ConfigureAwait(false);
        return app;
    }

    private static Uri Address(WebApplication app)
        => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    private static IReadOnlyList<ScriptedEvent> Turn(Random random)
    {
        var text = string.Join(' ', Enumerable.Range(0, 20 + random.Next(120)).Select(i => i % 7 == 0 ? "tool" : "word" + random.Next(500)));
        return new SseScript()
            .Text(text, chunks: 10 + random.Next(30))
            .ToolUse($"toolu_{random.Next():x8}", "Read", $"{{\"file_path\":\"/home/dev/project/src/file{random.Next(1000)}.cs\"}}")
            .Build("tool_use");
    }

    private static async Task AuditAsync(string path, List<string> digests)
    {
        var seen = 0;
        await foreach (var record in SessionLogReader.ReadFileAsync(path).ConfigureAwait(false))
        {
            if (record.Type != RecordTypes.ApiRequest)
            {
                continue;
            }

            var exact = record.GetExactBody();
            if (exact.Bytes is null || Convert.ToHexStringLower(SHA256.HashData(exact.Bytes)) != digests[seen] || exact.Sha256 != digests[seen])
            {
                throw new BenchFailure($"request {seen + 1} does not read back as sent");
            }

            seen++;
        }

        if (seen != digests.Count)
        {
            throw new BenchFailure($"{digests.Count} requests sent, {seen} in the log");
        }
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.00", CultureInfo.InvariantCulture) + " MB";
}
