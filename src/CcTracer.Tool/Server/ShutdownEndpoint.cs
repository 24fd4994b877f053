using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace CcTracer.Tool.Server;

/// <summary>
/// <c>POST /tool/shutdown</c>: how <c>cc-tracer stop</c> stops a detached server gracefully on any
/// OS (the host's stop flushes every pending record). It needs the token from the owner-only state
/// file, so neither a web page nor another user on the machine can stop the tracer.
/// </summary>
internal static class ShutdownEndpoint
{
    public const string Path = "tool/shutdown";

    public const string TokenHeader = "X-Cc-Tracer-Token";

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public static void MapShutdown(this IEndpointRouteBuilder endpoints, string token)
        => endpoints.MapPost("/" + Path, (HttpContext context, IHostApplicationLifetime lifetime) =>
        {
            var given = context.Request.Headers[TokenHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(token)))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            // Answer first, then stop: stopping waits for in-flight requests, this one included.
            context.Response.OnCompleted(() =>
            {
                lifetime.StopApplication();
                return Task.CompletedTask;
            });
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
}
