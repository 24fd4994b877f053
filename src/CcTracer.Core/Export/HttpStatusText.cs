namespace CcTracer.Export;

/// <summary>Reason phrases for the statuses an API call ends with (Core has no ASP.NET to ask).</summary>
internal static class HttpStatusText
{
    public static string Of(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        499 => "Client Closed Request",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        529 => "Overloaded",
        _ => string.Empty,
    };
}
