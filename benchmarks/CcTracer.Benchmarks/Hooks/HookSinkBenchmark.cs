using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Benchmarks.Harness;
using CcTracer.Benchmarks.Streaming;

namespace CcTracer.Benchmarks.Hooks;

/// <summary>
/// Issue #8, benchmark 4: hook POSTs per second at fixed concurrency (wrk, the real
/// PostToolUse fixture compacted), against a bare Kestrel "read body, answer 200" endpoint in the
/// same run, and proof that every hook the tracer answered 2xx is in the session file.
/// </summary>
internal static class HookSinkBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        if (!Wrk.IsInstalled)
        {
            throw new BenchFailure($"{Wrk.Executable} is not installed (apt-get install wrk)");
        }

        var connections = options.Smoke ? 4 : options.Int("--connections", 32);
        var threads = options.Smoke ? 1 : 2;
        var seconds = options.Smoke ? 1 : options.Int("--seconds", 10);
        var rounds = options.Smoke ? 1 : options.Int("--rounds", 3);

        var payload = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("hook-PostToolUse.json")))!;
        var sessionId = payload["session_id"]!.GetValue<string>();
        var compact = payload.ToJsonString();
        await using var rig = await ProxyRig.StartAsync(mitm: false, mitmBuffered: false, serverGc: options.ServerGc).ConfigureAwait(false);
        var script = Path.Combine(rig.WorkDirectory, "post.lua");
        await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [==[{compact}]==]\n").ConfigureAwait(false);

        var targets = new[] { ProxyRig.Yarp, ProxyRig.Tracer };
        var results = targets.ToDictionary(t => t, _ => new List<WrkResult>());
        var sessionFile = Path.Combine(rig.LogDirectory, sessionId + ".jsonl");
        long expectedAtLeast = 0;
        long connectionsInFlight = 0;
        // Warm-up (JIT, tiered compilation, connection setup) on both endpoints; its hooks are logged and counted too.
        foreach (var name in targets)
        {
            var warm = await Wrk.RunAsync(new Uri(rig[name].Client.BaseAddress!, "/hooks"), script, threads, connections, options.Smoke ? 1 : 3).ConfigureAwait(false);
            if (name == ProxyRig.Tracer)
            {
                expectedAtLeast += warm.Ok;
                connectionsInFlight += connections;
            }
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var name in round % 2 == 0 ? targets : targets.Reverse())
            {
                var path = rig[name];
                var r = await Wrk.RunAsync(new Uri(path.Client.BaseAddress!, "/hooks"), script, threads, connections, seconds).ConfigureAwait(false);
                results[name].Add(r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}/{rounds} {name,-12} {r.RequestsPerSecond,9:0} req/s  p50 {r.P50Ms:0.00} ms  p99 {r.P99Ms:0.00} ms  max {r.MaxMs:0.00} ms  2xx {r.Ok}  non-2xx {r.Non2xx}  socket errors {r.SocketErrors}"));
                if (name == ProxyRig.Tracer)
                {
                    expectedAtLeast += r.Ok;
                    connectionsInFlight += connections;
                    if (r.Non2xx > 0)
                    {
                        throw new BenchFailure($"the hook sink answered {r.Non2xx} non-2xx responses");
                    }
                }
            }
        }

        var (lines, hooks, health) = await WaitForLogAsync(rig[ProxyRig.Tracer].Client, sessionFile).ConfigureAwait(false);
        var accepted = health.GetProperty("records_accepted").GetInt64();
        var dropped = health.GetProperty("records_dropped").GetInt64();
        var failures = health.GetProperty("write_failures").GetInt64();
        var lost = hooks < expectedAtLeast || lines != accepted || dropped != 0 || failures != 0;
        var verdict = string.Create(CultureInfo.InvariantCulture, $"session file: {lines} lines, {hooks} hook records; tracer accepted {accepted}, dropped {dropped}, write failures {failures}; wrk counted {expectedAtLeast} 2xx (requests still in flight when wrk stops are answered but not counted, at most {connectionsInFlight} over all rounds, so hook lines − wrk 2xx = {hooks - expectedAtLeast} must be in [0, {connectionsInFlight}])");
        Console.WriteLine(verdict);
        if (lost || hooks - expectedAtLeast > connectionsInFlight)
        {
            throw new BenchFailure("hooks lost: " + verdict);
        }

        var sb = new StringBuilder();
        sb.AppendLine("## 4. Hook sink").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{MachineInfo.Describe()} · proxies: {(options.ServerGc ? "server" : "workstation")} GC  ").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"`wrk -t{threads} -c{connections} -d{seconds}s --latency` POSTing the real `hook-PostToolUse.json` compacted ({Encoding.UTF8.GetByteCount(compact)} bytes) to `/hooks`; {rounds} rounds alternating with a bare Kestrel endpoint that reads the body and answers 200 (same host settings, no logging of records) — the floor. Medians over rounds.").AppendLine();
        sb.AppendLine("| endpoint | req/s | vs floor | p50 ms | p99 ms | max ms |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var name in targets)
        {
            var list = results[name];
            var ratio = Percentiles.Median(list.Zip(results[ProxyRig.Yarp], (a, f) => a.RequestsPerSecond / f.RequestsPerSecond));
            var label = name == ProxyRig.Yarp ? "bare Kestrel (floor)" : "tracer `/hooks`";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {Percentiles.Median(list.Select(r => r.RequestsPerSecond)):0} | {ratio:0%} | {Percentiles.Median(list.Select(r => r.P50Ms)):0.00} | {Percentiles.Median(list.Select(r => r.P99Ms)):0.00} | {Percentiles.Median(list.Select(r => r.MaxMs)):0.00} |");
        }

        sb.AppendLine().AppendLine("Nothing lost: " + verdict + ".").AppendLine();
        sb.AppendLine("Target: ≥ 10,000 hooks/s, p99 < 5 ms, nothing lost.");
        return sb.ToString();
    }

    private static async Task<(long Lines, long Hooks, JsonElement Health)> WaitForLogAsync(HttpClient tracer, string sessionFile)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var health = await tracer.GetFromJsonAsync<JsonElement>("/api/health").ConfigureAwait(false);
            long lines = 0, hooks = 0;
            if (File.Exists(sessionFile))
            {
                using var reader = new StreamReader(new FileStream(sessionFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    lines++;
                    if (line.AsSpan(0, Math.Min(64, line.Length)).Contains("\"type\":\"hook\"", StringComparison.Ordinal))
                    {
                        hooks++;
                    }
                }
            }

            if (lines == health.GetProperty("records_accepted").GetInt64() || DateTime.UtcNow > deadline)
            {
                return (lines, hooks, health);
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }
}
