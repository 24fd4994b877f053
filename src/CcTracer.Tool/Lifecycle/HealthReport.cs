using System.Text.Json.Serialization;

namespace CcTracer.Tool.Lifecycle;

/// <summary>The part of <c>GET /api/health</c> the tool reads to recognise a tracer.</summary>
internal sealed record HealthReport(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("log_dir")] string? LogDirectory,
    [property: JsonPropertyName("upstream")] string? Upstream,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("records_accepted")] long RecordsAccepted = 0,
    [property: JsonPropertyName("records_dropped")] long RecordsDropped = 0,
    [property: JsonPropertyName("write_failures")] long WriteFailures = 0);
