namespace CcTracer.Tool.Lifecycle;

/// <summary>The outcome of <see cref="ServerSupervisor.EnsureRunningAsync"/>: a healthy tracer (started or reused), or the exit code to fail with.</summary>
internal sealed record EnsureResult(HealthReport? Health, bool Reused, int ExitCode);
