using System.Globalization;
using System.Text;
using CcTracer.Benchmarks.Harness;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>
/// Issue #8, benchmark 2: MB/s of one 100 MB streamed turn and of 32 concurrent 5 MB turns,
/// through each path, every body checked byte for byte. Paths interleaved, medians of rounds.
/// </summary>
internal static class ThroughputBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var singleBytes = options.Smoke ? 2_000_000L : options.Int("--single-mb", 100) * 1_000_000L;
        var concurrency = options.Smoke ? 4 : options.Int("--concurrency", 32);
        var eachBytes = options.Smoke ? 256_000L : options.Int("--each-mb", 5) * 1_000_000L;
        var deltaChars = options.Int("--delta-chars", 512);
        var rounds = options.Rounds;
        var single = new BulkScript(singleBytes, deltaChars);
        var many = new BulkScript(eachBytes, deltaChars);
        var singleHash = single.ExpectedHash();
        var manyHash = many.ExpectedHash();

        await using var rig = await ProxyRig.StartAsync(mitm: true, mitmBuffered: false, serverGc: options.ServerGc).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(options.Smoke ? 2 : 30));
        var warm = new BulkScript(options.Smoke ? 200_000 : 2_000_000, deltaChars);
        var warmHash = warm.ExpectedHash();

        // Warm until the JIT has tiered up every path's hot loops: small turns first, then one
        // unmeasured round of the real workloads. Small turns alone left the tracer compiling
        // ~1.3 s of tier-1 code (dotnet-counters) during its first measured 100 MB turn, whose
        // large-record paths they never reach; that was most of its "first round costs 2x".
        foreach (var path in rig.Paths)
        {
            for (var i = 0; i < (options.Smoke ? 1 : 10); i++)
            {
                await ThroughputClient.RunAsync(path, warm, 4, deltaChars, warmHash, timeout.Token).ConfigureAwait(false);
            }

            if (!options.Smoke)
            {
                await ThroughputClient.RunAsync(path, single, 1, deltaChars, singleHash, timeout.Token).ConfigureAwait(false);
                await ThroughputClient.RunAsync(path, many, concurrency, deltaChars, manyHash, timeout.Token).ConfigureAwait(false);
            }
        }

        var singleResults = rig.Paths.ToDictionary(p => p.Name, _ => new List<double>());
        var manyResults = rig.Paths.ToDictionary(p => p.Name, _ => new List<double>());
        var singleCpu = rig.Paths.ToDictionary(p => p.Name, _ => new List<double>());
        var manyCpu = rig.Paths.ToDictionary(p => p.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            var order = rig.Paths.Skip(round % rig.Paths.Count).Concat(rig.Paths.Take(round % rig.Paths.Count)).ToList();
            foreach (var path in order)
            {
                var pid = path.Process?.Pid;
                var cpu0 = pid is { } p0 ? await ProcStatus.SettledCpuSecondsAsync(p0, timeout.Token).ConfigureAwait(false) : 0;
                var s = await ThroughputClient.RunAsync(path, single, 1, deltaChars, singleHash, timeout.Token).ConfigureAwait(false);
                singleResults[path.Name].Add(s);
                var cpu1 = pid is { } p1 ? await ProcStatus.SettledCpuSecondsAsync(p1, timeout.Token).ConfigureAwait(false) : 0;
                var m = await ThroughputClient.RunAsync(path, many, concurrency, deltaChars, manyHash, timeout.Token).ConfigureAwait(false);
                manyResults[path.Name].Add(m);
                var cpu2 = pid is { } p2 ? await ProcStatus.SettledCpuSecondsAsync(p2, timeout.Token).ConfigureAwait(false) : 0;

                // CPU of the proxy process per MB carried, including what it does after the client
                // is done: steadier than MB/s when the machine is shared.
                singleCpu[path.Name].Add((cpu1 - cpu0) * 1000 / (singleBytes / 1e6));
                manyCpu[path.Name].Add((cpu2 - cpu1) * 1000 / (concurrency * eachBytes / 1e6));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}/{rounds} {path.Name,-20} 1×{singleBytes / 1e6:0} MB {s,8:0.0} MB/s {singleCpu[path.Name][^1],6:0.00} ms CPU/MB   {concurrency}×{eachBytes / 1e6:0.##} MB {m,8:0.0} MB/s {manyCpu[path.Name][^1],6:0.00} ms CPU/MB"));
            }
        }

        var sb = new StringBuilder();
        sb.AppendLine("## 2. Throughput (streamed SSE bodies)").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{MachineInfo.Describe()} · proxies: {(options.ServerGc ? "server" : "workstation")} GC  ").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"`text_delta` events of {deltaChars} chars, upstream flushing every 16 KB; every body SHA-256-checked. MB = 10^6 bytes. {rounds} rounds, order rotated; medians; *vs direct* is the median of per-round ratios.").AppendLine();
        sb.AppendLine("*CPU ms/MB* is the proxy process's user + system CPU time per MB carried, read from /proc before and after each run once the process is idle again (so the tracer's recording after the stream counts): the cost of the path itself, steadier than MB/s on a shared machine though not immune (the tracer's moved 5–13 ms/MB between whole runs here). Direct has no proxy process.").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"| path | 1 × {singleBytes / 1e6:0} MB, MB/s | vs direct | CPU ms/MB | {concurrency} × {eachBytes / 1e6:0.##} MB, MB/s | vs direct | CPU ms/MB |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var path in rig.Paths)
        {
            var s = singleResults[path.Name];
            var m = manyResults[path.Name];
            var sRatio = Percentiles.Median(s.Zip(singleResults[ProxyRig.Direct], (a, d) => a / d));
            var mRatio = Percentiles.Median(m.Zip(manyResults[ProxyRig.Direct], (a, d) => a / d));
            var sCpu = path.Process is null ? "—" : Percentiles.Median(singleCpu[path.Name]).ToString("0.00", CultureInfo.InvariantCulture);
            var mCpu = path.Process is null ? "—" : Percentiles.Median(manyCpu[path.Name]).ToString("0.00", CultureInfo.InvariantCulture);
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {path.Name} | {Percentiles.Median(s):0.0} | {sRatio:0%} | {sCpu} | {Percentiles.Median(m):0.0} | {mRatio:0%} | {mCpu} |");
        }

        var audit = await CaptureAudit.RunAsync(rig.LogDirectory, new HashSet<long> { single.TotalBytes, many.TotalBytes, warm.TotalBytes }, timeout.Token).ConfigureAwait(false);
        Console.WriteLine(audit);
        sb.AppendLine().AppendLine(audit);
        sb.AppendLine().AppendLine("Target: tracer ≥ 80% of direct.");
        return sb.ToString();
    }
}
