namespace CcTracer.Tool.Lifecycle;

/// <summary>The answer of <see cref="HealthProbe"/>: what listens, its health when it is a tracer, or what else it said.</summary>
internal sealed record ProbeResult(ProbeKind Kind, HealthReport? Health, string Detail);
