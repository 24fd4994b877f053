using BenchmarkDotNet.Running;
using CcTracer.Benchmarks;
using CcTracer.Benchmarks.Harness;

// "startup" is a wall-clock measurement of whole processes, which BenchmarkDotNet does not model.
if (args.Length > 0 && args[0] == "startup")
{
    return await ServerStartupMeasurement.RunAsync(args[1..]).ConfigureAwait(false);
}

// A first argument naming a mode (latency, throughput, memory, hooks, export, all, serve-*) runs one of
// the end-to-end benchmark programs; anything else is BenchmarkDotNet's.
if (args.Length > 0 && BenchMode.IsMode(args[0]))
{
    return await BenchMode.RunAsync(args[0], args[1..]).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
