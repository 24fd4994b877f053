using CcTracer.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CcTracer.AspNetCore.Health;

/// <summary>
/// Unhealthy while the session log cannot be written: a write failed within the last
/// <see cref="Window"/> (the failure count grew). Degraded while records are being dropped because
/// the writer fell behind. A host's <c>/healthz</c> then tells its orchestrator the tracer is losing
/// what it exists to keep.
/// </summary>
internal sealed class SessionLogHealthCheck(SessionLog log, TimeProvider? time = null) : IHealthCheck
{
    /// <summary>How long after the last failure the check stays unhealthy.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private long _failuresSeen;
    private long _droppedSeen;
    private DateTimeOffset? _lastFailure;
    private DateTimeOffset? _lastDrop;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var failures = log.WriteFailures;
        var dropped = log.DroppedRecords;
        bool failing, dropping;
        lock (_gate)
        {
            if (failures > _failuresSeen)
            {
                _failuresSeen = failures;
                _lastFailure = now;
            }

            if (dropped > _droppedSeen)
            {
                _droppedSeen = dropped;
                _lastDrop = now;
            }

            failing = now - _lastFailure < Window;
            dropping = now - _lastDrop < Window;
        }

        var data = new Dictionary<string, object>
        {
            ["log_dir"] = log.LogDirectory,
            ["records_accepted"] = log.AcceptedRecords,
            ["records_written"] = log.WrittenRecords,
            ["records_dropped"] = dropped,
            ["write_failures"] = failures,
        };
        var result = failing
            ? new HealthCheckResult(context.Registration.FailureStatus, $"The session log could not be written ({failures} failures so far, the last within {Window.TotalSeconds:0} s).", data: data)
            : dropping
                ? HealthCheckResult.Degraded($"The log writer fell behind and dropped records ({dropped} so far, the last within {Window.TotalSeconds:0} s).", data: data)
                : HealthCheckResult.Healthy("The session log is being written.", data);
        return Task.FromResult(result);
    }
}
