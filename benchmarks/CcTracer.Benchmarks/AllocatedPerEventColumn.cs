using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CcTracer.Benchmarks;

/// <summary>Managed bytes allocated per SSE event (MemoryDiagnoser's Allocated / events in the workload).</summary>
internal sealed class AllocatedPerEventColumn : IColumn
{
    public string Id => nameof(AllocatedPerEventColumn);

    public string ColumnName => "B/event";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Allocated bytes per SSE event";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        long? allocated = report?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return allocated is { } bytes
            ? ((double)bytes / ReassemblerWorkload.EventCount).ToString("N1", CultureInfo.InvariantCulture)
            : "-";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
