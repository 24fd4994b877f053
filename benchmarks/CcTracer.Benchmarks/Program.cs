using BenchmarkDotNet.Running;
using CcTracer.Benchmarks.Harness;

// A first argument naming a mode (latency, throughput, memory, hooks, all, serve-*) runs one of
// the end-to-end benchmark programs; anything else is BenchmarkDotNet's.
if (args.Length > 0 && BenchMode.IsMode(args[0]))
{
    return await BenchMode.RunAsync(args[0], args[1..]).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
