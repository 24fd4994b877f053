using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace CcTracer.AspNetCore;

/// <summary>The JSON error every tracer endpoint answers with: <c>{"error":{"type","message"}}</c>.</summary>
internal sealed record ErrorBody([property: JsonPropertyName("error")] ErrorDetail Error)
{
    /// <summary>Answers the request with <paramref name="status"/> and this error shape.</summary>
    public static Task WriteAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(new ErrorDetail(type, message)), context.RequestAborted);
    }
}

/// <summary>The inside of <see cref="ErrorBody"/>.</summary>
internal sealed record ErrorDetail([property: JsonPropertyName("type")] string Type, [property: JsonPropertyName("message")] string Message);
