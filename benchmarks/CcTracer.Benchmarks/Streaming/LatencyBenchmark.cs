using System.Globalization;
using System.Text;
using CcTracer.Benchmarks.Harness;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>
/// Issue #8, benchmark 1: per-event latency a proxy adds to a paced ~2,000-event turn, against a
/// direct connection in the same round. Paths are interleaved (the order rotates every round);
/// each figure is the median over rounds of that round's percentile.
/// </summary>
internal static class LatencyBenchmark
{
    public static async Task<string> RunAsync(BenchOptions options)
    {
        var events = options.Int("--events", options.Smoke ? 200 : 2000);
        var intervalUs = options.Int("--interval-us", options.Smoke ? 200 : 750);
        var rounds = options.Rounds;
        await using var rig = await ProxyRig.StartAsync(mitm: true, mitmBuffered: !options.Smoke, serverGc: options.ServerGc).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(options.Smoke ? 2 : 20));

        // Warm up every path (JIT, connection pools) with a short, fast turn.
        foreach (var path in rig.Paths)
        {
            for (var i = 0; i < (options.Smoke ? 1 : 3); i++)
            {
                await LatencyClient.RunAsync(path, 100, 50, timeout.Token).ConfigureAwait(false);
            }
        }

        var results = rig.Paths.ToDictionary(p => p.Name, _ => new List<LatencyStats>());
        for (var round = 0; round < rounds; round++)
        {
            var order = rig.Paths.Skip(round % rig.Paths.Count).Concat(rig.Paths.Take(round % rig.Paths.Count));
            foreach (var path in order)
            {
                var delays = await LatencyClient.RunAsync(path, events, intervalUs, timeout.Token).ConfigureAwait(false);
                var stats = LatencyStats.Of(delays);
                results[path.Name].Add(stats);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}/{rounds} {path.Name,-20} p50 {stats.P50,9:0.0} µs  p99 {stats.P99,9:0.0} µs  max {stats.Max,9:0.0} µs"));
            }
        }

        return Report(results, events, intervalUs, rounds, options.ServerGc);
    }

    private static string Report(Dictionary<string, List<LatencyStats>> results, int events, int intervalUs, int rounds, bool gcServer)
    {
        var direct = results[ProxyRig.Direct];
        var sb = new StringBuilder();
        sb.AppendLine("## 1. Per-event latency added (paced SSE turn)").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{MachineInfo.Describe()} · proxies: {(gcServer ? "server" : "workstation")} GC  ").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{events} events (thinking, text, input_json deltas; realistic sizes), one every {intervalUs} µs on average; delay = client read time − upstream write time (`Stopwatch.GetTimestamp`, one clock). Each path in its own process; {rounds} rounds, order rotated each round; figures are medians over rounds. *Added* = that round's path percentile − direct percentile.").AppendLine();
        sb.AppendLine("| path | p50 delay µs | p99 delay µs | max delay µs | added p50 µs | added p99 µs | added max µs | p50 vs bare YARP |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var yarp = results.GetValueOrDefault(ProxyRig.Yarp);
        foreach (var (name, list) in results)
        {
            double Med(Func<LatencyStats, double> f) => Percentiles.Median(list.Select(f));
            double Added(Func<LatencyStats, double> f) => Percentiles.Median(list.Zip(direct, (a, d) => f(a) - f(d)));
            var vsYarp = yarp is null ? double.NaN : Percentiles.Median(list.Zip(yarp, (a, y) => a.P50 / y.P50));
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Med(s => s.P50):0.0} | {Med(s => s.P99):0.0} | {Med(s => s.Max):0.0} | {(name == ProxyRig.Direct ? "—" : Added(s => s.P50).ToString("0.0", CultureInfo.InvariantCulture))} | {(name == ProxyRig.Direct ? "—" : Added(s => s.P99).ToString("0.0", CultureInfo.InvariantCulture))} | {(name == ProxyRig.Direct ? "—" : Added(s => s.Max).ToString("0.0", CultureInfo.InvariantCulture))} | {(double.IsNaN(vsYarp) ? "—" : vsYarp.ToString("0.00×", CultureInfo.InvariantCulture))} |");
        }

        sb.AppendLine().AppendLine("Target: tracer added p50 < 200 µs, added p99 < 1,000 µs, within 10% of bare YARP.");
        return sb.ToString();
    }
}
