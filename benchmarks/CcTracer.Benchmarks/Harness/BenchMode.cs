using CcTracer.Benchmarks.Export;
using CcTracer.Benchmarks.Hooks;
using CcTracer.Benchmarks.Memory;
using CcTracer.Benchmarks.Otlp;
using CcTracer.Benchmarks.Servers;
using CcTracer.Benchmarks.Streaming;
using CcTracer.Benchmarks.Threads;

namespace CcTracer.Benchmarks.Harness;

/// <summary>
/// The end-to-end benchmark programs and the serve modes their child processes run in.
/// Exit code: 0 fine, 1 something broken (bytes differ, records lost, a path failed), 2 usage.
/// </summary>
internal static class BenchMode
{
    private static readonly string[] Benchmarks = ["latency", "throughput", "memory", "hooks", "analysis", "threads", "export", "otlp"];

    // Not part of "all": they measure the log, not the proxy, and take minutes of their own.
    private static readonly string[] StorageBenchmarks = ["longsession"];

    public static bool IsMode(string arg) => arg is "all" or "serve-upstream" or "serve-yarp" or "serve-tracer" || Benchmarks.Contains(arg) || StorageBenchmarks.Contains(arg);

    public static async Task<int> RunAsync(string mode, string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        switch (mode)
        {
            case "serve-upstream":
                return await UpstreamApp.RunAsync().ConfigureAwait(false);
            case "serve-yarp":
                return await YarpApp.RunAsync(options).ConfigureAwait(false);
            case "serve-tracer":
                return await TracerApp.RunAsync(options).ConfigureAwait(false);
        }

        var failures = 0;
        foreach (var name in mode == "all" ? Benchmarks : [mode])
        {
            Console.WriteLine($"== {name}{(options.Smoke ? " (smoke)" : "")} ==");
            try
            {
                var markdown = name switch
                {
                    "latency" => await LatencyBenchmark.RunAsync(options).ConfigureAwait(false),
                    "throughput" => await ThroughputBenchmark.RunAsync(options).ConfigureAwait(false),
                    "memory" => await MemoryBenchmark.RunAsync(options).ConfigureAwait(false),
                    "longsession" => await LongSession.LongSessionBenchmark.RunAsync(options).ConfigureAwait(false),
                    "analysis" => await Analysis.AnalysisBenchmark.RunAsync(options).ConfigureAwait(false),
                    "threads" => await ThreadsBenchmark.RunAsync(options).ConfigureAwait(false),
                    "export" => await ExportBenchmark.RunAsync(options).ConfigureAwait(false),
                    "otlp" => await OtlpExportBenchmark.RunAsync(options).ConfigureAwait(false),
                    _ => await HookSinkBenchmark.RunAsync(options).ConfigureAwait(false),
                };
                Console.WriteLine(markdown);
                ResultsFile.WriteSection(options.ResultsPath, name, markdown);
            }
            catch (BenchFailure e)
            {
                failures++;
                await Console.Error.WriteLineAsync($"BROKEN: {name}: {e.Message}").ConfigureAwait(false);
            }
            finally
            {
                ChildRegistry.KillAll();
            }
        }

        Console.WriteLine(failures == 0 ? "all benchmarks ran; nothing broken" : $"{failures} benchmark(s) broken");
        return failures == 0 ? 0 : 1;
    }
}
