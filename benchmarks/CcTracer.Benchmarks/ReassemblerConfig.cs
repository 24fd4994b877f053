using BenchmarkDotNet.Configs;

namespace CcTracer.Benchmarks;

/// <summary>Adds the throughput and bytes-per-event columns the reassembler targets are stated in.</summary>
internal sealed class ReassemblerConfig : ManualConfig
{
    public ReassemblerConfig()
    {
        AddColumn(new ThroughputColumn(), new AllocatedPerEventColumn());
    }
}
