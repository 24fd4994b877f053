using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using CcTracer.Benchmarks.Harness;
using CcTracer.Benchmarks.Streaming;

namespace CcTracer.Benchmarks.Memory;

/// <summary>
/// Issue #8, benchmark 3: the tracer's peak resident memory (VmHWM of its process) while it
/// proxies one 100 MB turn and 32 concurrent 5 MB turns — bare YARP alongside as the floor —
/// and while the UI opens a 200 MB, ~2,000-record session. The peak is reset between phases
/// (clear_refs), so each figure is that phase's own peak. Run under both GC modes.
/// <c>--only session</c> runs just the session phase against the tracer: the read side can be
/// measured in a minute, without the proxy phases' 100 MB turns.
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## 3. Memory (peak resident set of the proxy process)").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{MachineInfo.Describe()}  ").AppendLine();
        var singleBytes = options.Smoke ? 2_000_000L : 100_000_000L;
        var concurrency = options.Smoke ? 4 : 32;
        var eachBytes = options.Smoke ? 256_000L : 5_000_000L;
        var sessionBytes = options.Smoke ? 2_000_000L : options.Int("--session-mb", 200) * 1_000_000L;
        var sessionRecords = options.Smoke ? 40 : 2000;
        var rounds = options.Smoke ? 1 : Math.Min(options.Rounds, 3);

        // 512-character text deltas make the text 85% of the body (the worst case for capture,
        // which keeps the body and the rebuilt text); real turns stream a few tokens a delta.
        var deltaChars = options.Int("--delta-chars", 512);
        var sessionOnly = options.String("--only") switch
        {
            null => false,
            "session" => true,
            var other => throw new ArgumentException($"--only must be session (was '{other}')."),
        };
        sb.AppendLine(CultureInfo.InvariantCulture, $"VmHWM from /proc/PID/status, reset (`echo 5 > clear_refs`) before each phase; MB = MiB. *idle* = VmRSS after warm-up. Proxy phases ({deltaChars}-character text deltas): 1 × {singleBytes / 1e6:0} MB turn, then {concurrency} × {eachBytes / 1e6:0.##} MB concurrent; session phase: a generated {sessionBytes / 1e6:0} MB log of {sessionRecords} records, then `GET /api/sessions`, `GET /api/sessions/{{id}}/records`, and 5 × `GET /records/{{seq}}` (largest records). Median of {rounds} round(s).").AppendLine();
        sb.AppendLine("| GC | process | idle MB | peak, 1 × 100 MB MB | peak, 32 × 5 MB MB | peak, open 200 MB session MB | /records ms (first, then cached) |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        var notes = new List<string>();
        foreach (var serverGc in new[] { true, false })
        {
            await using var rig = await ProxyRig.StartAsync(mitm: false, mitmBuffered: false, serverGc: serverGc, yarp: !sessionOnly).ConfigureAwait(false);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(options.Smoke ? 2 : 15));
            var single = new BulkScript(singleBytes, deltaChars);
            var many = new BulkScript(eachBytes, deltaChars);
            var singleHash = single.ExpectedHash();
            var manyHash = many.ExpectedHash();
            var sessionId = "bench-big-session";
            var written = SessionLogGenerator.Write(Path.Combine(rig.LogDirectory, sessionId + ".jsonl"), sessionBytes, sessionRecords);
            var fileBytes = new FileInfo(Path.Combine(rig.LogDirectory, sessionId + ".jsonl")).Length;
            if (serverGc)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"The generated session: {written} records, {fileBytes / 1e6:0.0} MB."));
            }

            foreach (var name in sessionOnly ? [ProxyRig.Tracer] : new[] { ProxyRig.Yarp, ProxyRig.Tracer })
            {
                var path = rig[name];
                var pid = path.Process!.Pid;
                var idle = new List<double>();
                var p1 = new List<double>();
                var p2 = new List<double>();
                var p3 = new List<double>();
                var p3Start = new List<double>();
                var firstMs = double.NaN;
                var cachedMs = new List<double>();
                await ThroughputClient.RunAsync(path, new BulkScript(1_000_000, 512), 2, 512, new BulkScript(1_000_000, 512).ExpectedHash(), timeout.Token).ConfigureAwait(false);
                for (var round = 0; round < rounds; round++)
                {
                    idle.Add(path.Process.WorkingSet);
                    if (!sessionOnly)
                    {
                        // Each peak is read once the process is idle again: the tracer records a
                        // turn after the client has it, and that belongs to the phase.
                        ProcStatus.ResetPeak(pid);
                        await ThroughputClient.RunAsync(path, single, 1, deltaChars, singleHash, timeout.Token).ConfigureAwait(false);
                        await ProcStatus.SettledCpuSecondsAsync(pid, timeout.Token).ConfigureAwait(false);
                        p1.Add(path.Process.PeakWorkingSet);
                        ProcStatus.ResetPeak(pid);
                        await ThroughputClient.RunAsync(path, many, concurrency, deltaChars, manyHash, timeout.Token).ConfigureAwait(false);
                        await ProcStatus.SettledCpuSecondsAsync(pid, timeout.Token).ConfigureAwait(false);
                        p2.Add(path.Process.PeakWorkingSet);
                    }

                    if (name == ProxyRig.Tracer)
                    {
                        if (!sessionOnly)
                        {
                            // What an idle tracer holds after the burst: cc-tracer gives memory back
                            // once no call has been in flight for 2 s (IdleMemoryTrim).
                            await Task.Delay(TimeSpan.FromSeconds(3), timeout.Token).ConfigureAwait(false);
                            await ProcStatus.SettledCpuSecondsAsync(pid, timeout.Token).ConfigureAwait(false);
                        }

                        ProcStatus.ResetPeak(pid);
                        p3Start.Add(path.Process.WorkingSet);
                        var ms = await OpenSessionAsync(path.Client, sessionId, written, timeout.Token).ConfigureAwait(false);
                        p3.Add(path.Process.PeakWorkingSet);
                        if (round == 0)
                        {
                            firstMs = ms;
                        }
                        else
                        {
                            cachedMs.Add(ms);
                        }
                    }
                }

                string Mb(List<double> v) => v.Count == 0 ? "—" : ProcStatus.Mb((long)Percentiles.Median(v));
                var timing = name == ProxyRig.Tracer ? string.Create(CultureInfo.InvariantCulture, $"{firstMs:0} / {(cachedMs.Count == 0 ? "—" : Percentiles.Median(cachedMs).ToString("0", CultureInfo.InvariantCulture))}") : "—";
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {(serverGc ? "server" : "workstation")} | {(name == ProxyRig.Yarp ? "bare YARP (floor)" : "tracer")} | {Mb(idle)} | {Mb(p1)} | {Mb(p2)} | {Mb(p3)} | {timing} |");
                if (p1.Count > 0)
                {
                    // What one turn costs the process: its growth over its own idle, against the body.
                    var growth = Percentiles.Median(p1.Zip(idle, (peak, before) => peak - before).ToList());
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"{(name == ProxyRig.Yarp ? "Bare YARP" : "Tracer")}, {(serverGc ? "server" : "workstation")} GC: the 1 × {singleBytes / 1e6:0} MB turn raised the peak {ProcStatus.Mb((long)growth)} MB over its idle, {growth / single.TotalBytes:0.00}× the body ({ProcStatus.Mb(single.TotalBytes)} MiB)."));
                }

                if (p3Start.Count > 0)
                {
                    // The reset peak starts from what is resident then, which after the proxy
                    // phases is their leftover heap, not the idle process.
                    notes.Add(string.Create(CultureInfo.InvariantCulture, $"Tracer, {(serverGc ? "server" : "workstation")} GC: the session phase started {(sessionOnly ? "" : "3 s after the last turn, ")}at {Mb(p3Start)} MB resident and rose {ProcStatus.Mb((long)Percentiles.Median(p3.Zip(p3Start, (peak, start) => peak - start).ToList()))} MB."));
                }
            }
        }

        sb.AppendLine();
        foreach (var n in notes)
        {
            sb.AppendLine(n);
        }

        sb.AppendLine().AppendLine("Capture must not hold a whole response body twice: the tracer's growth over its own idle for the 100 MB turn should stay under ~1× the body (the one copy it must write to the log). Its idle itself is higher than bare YARP's (the UI, the API, more code), which the peak columns include.");
        return sb.ToString();
    }

    /// <summary>What the UI does on opening a session; returns the time of the records call.</summary>
    private static async Task<double> OpenSessionAsync(HttpClient client, string sessionId, long records, CancellationToken cancellationToken)
    {
        using var sessions = await client.GetAsync("/api/sessions", cancellationToken).ConfigureAwait(false);
        sessions.EnsureSuccessStatusCode();
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync($"/api/sessions/{sessionId}/records", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchFailure($"/records: HTTP {(int)response.StatusCode}");
        }

        var summaries = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (summaries.GetArrayLength() != records)
        {
            throw new BenchFailure($"/records listed {summaries.GetArrayLength()} of {records} records");
        }

        var largest = summaries.EnumerateArray()
            .OrderByDescending(s => s.TryGetProperty("bytes", out var b) ? b.GetInt64() : 0)
            .Take(5)
            .Select(s => s.GetProperty("seq").GetInt64())
            .ToList();
        foreach (var seq in largest)
        {
            using var record = await client.GetAsync($"/api/sessions/{sessionId}/records/{seq}", cancellationToken).ConfigureAwait(false);
            if (!record.IsSuccessStatusCode)
            {
                throw new BenchFailure($"/records/{seq}: HTTP {(int)record.StatusCode}");
            }

            var bytes = await record.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.GetProperty("seq").GetInt64() != seq)
            {
                throw new BenchFailure($"/records/{seq} returned another record");
            }
        }

        return ms;
    }
}
