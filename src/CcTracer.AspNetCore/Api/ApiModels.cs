using System.Text.Json.Serialization;
using CcTracer.Storage;

namespace CcTracer.AspNetCore.Api;

/// <summary><c>GET /api/health</c>: also how <c>cc-tracer</c> recognises a running tracer.</summary>
internal sealed record HealthInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("log_dir")] string LogDir,
    [property: JsonPropertyName("upstream")] string Upstream,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("records_accepted")] long RecordsAccepted,
    [property: JsonPropertyName("records_dropped")] long RecordsDropped,
    [property: JsonPropertyName("write_failures")] long WriteFailures);

/// <summary>One entry of <c>GET /api/sessions</c>.</summary>
internal sealed record SessionSummary(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("modified")] DateTimeOffset Modified,
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("ended")] bool Ended,
    [property: JsonPropertyName("turns")] int Turns,
    [property: JsonPropertyName("first_prompt")] string? FirstPrompt,
    [property: JsonPropertyName("cwd")] string? Cwd,
    [property: JsonPropertyName("group")] string? Group)
{
    /// <param name="s">The session.</param>
    /// <param name="group">The first session of its resume chain (docs/http-api.md); null when it is alone.</param>
    public static SessionSummary From(SessionInfo s, string? group = null) => new(s.SessionId, s.Bytes, s.Created, s.Modified, s.Active, s.Ended, s.Turns, s.FirstPrompt, s.Cwd, group);
}

/// <summary><c>GET /api/sessions/{id}/search</c>.</summary>
internal sealed record SearchResult([property: JsonPropertyName("seqs")] IReadOnlyList<long> Seqs);
