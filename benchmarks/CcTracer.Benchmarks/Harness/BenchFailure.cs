namespace CcTracer.Benchmarks.Harness;

/// <summary>Something is broken (bytes differ, records lost, a path failed) — not merely slow.</summary>
internal sealed class BenchFailure : Exception
{
    public BenchFailure(string message)
        : base(message)
    {
    }

    public BenchFailure()
    {
    }

    public BenchFailure(string message, Exception inner)
        : base(message, inner)
    {
    }
}
