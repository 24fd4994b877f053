using System.Text.Json.Serialization;

namespace CcTracer.AspNetCore;

/// <summary>The JSON error every tracer endpoint answers with: <c>{"error":{"type","message"}}</c>.</summary>
internal sealed record ErrorBody([property: JsonPropertyName("error")] ErrorDetail Error);

/// <summary>The inside of <see cref="ErrorBody"/>.</summary>
internal sealed record ErrorDetail([property: JsonPropertyName("type")] string Type, [property: JsonPropertyName("message")] string Message);
