using BenchmarkDotNet.Running;
using CcTracer.Benchmarks;

// "startup" is a wall-clock measurement of whole processes, which BenchmarkDotNet does not model.
if (args.Length > 0 && args[0] == "startup")
{
    return await ServerStartupMeasurement.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
