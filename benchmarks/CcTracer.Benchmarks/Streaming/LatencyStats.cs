using CcTracer.Benchmarks.Harness;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>Per-event delay percentiles of one streamed turn, in microseconds.</summary>
internal readonly record struct LatencyStats(double P50, double P99, double Max)
{
    public static LatencyStats Of(double[] delays)
    {
        var sorted = delays.Order().ToList();
        return new LatencyStats(Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), sorted[^1]);
    }
}
