using System.Text.Json.Serialization;

namespace CcTracer.Tool.Lifecycle;

/// <summary>
/// What a running <c>serve</c> writes to <c>state/server-PORT.json</c> once it listens, and removes
/// when it stops. <see cref="ShutdownToken"/> lets <c>stop</c> ask it to stop gracefully.
/// </summary>
internal sealed record ServerState(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("bind")] string Bind,
    [property: JsonPropertyName("log_dir")] string LogDirectory,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("upstream")] string Upstream,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("shutdown_token")] string ShutdownToken);
