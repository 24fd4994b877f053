namespace CcTracer.Turns;

/// <summary>A gap between two consecutive SSE events longer than <see cref="TurnAssemblerOptions.StallThreshold"/>.</summary>
/// <param name="At">When the stall began: the offset of the last event before the gap.</param>
/// <param name="Gap">How long nothing arrived.</param>
public readonly record struct StallTiming(TimeSpan At, TimeSpan Gap);
