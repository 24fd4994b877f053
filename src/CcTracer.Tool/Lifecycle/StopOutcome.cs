namespace CcTracer.Tool.Lifecycle;

/// <summary>How <see cref="ServerSupervisor.StopAsync"/> ended, and the pid it asked to stop.</summary>
internal sealed record StopOutcome(StopResult Result, int? Pid);
