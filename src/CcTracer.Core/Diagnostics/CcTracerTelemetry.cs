namespace CcTracer.Diagnostics;

/// <summary>
/// The names under which the tracer reports on its own work (docs/telemetry.md), for a host's
/// OpenTelemetry setup: <c>AddMeter(CcTracerTelemetry.MeterName)</c>,
/// <c>AddSource(CcTracerTelemetry.ActivitySourceName)</c>.
/// </summary>
public static class CcTracerTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>CcTracer</c>.</summary>
    public const string MeterName = "CcTracer";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>CcTracer</c>.</summary>
    public const string ActivitySourceName = "CcTracer";
}
