using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CcTracer.AspNetCore.Security;

/// <summary>
/// The server holds prompts, code and keys, so it only answers its own machine's clients:
/// a <c>Host</c> that is not loopback (DNS rebinding: evil.example resolving to 127.0.0.1) gets
/// 421, and a browser request from another origin gets 403. Claude Code and curl send neither
/// <c>Origin</c> nor <c>Sec-Fetch-Site</c>, so they pass.
/// </summary>
internal static class LocalOnlyGuard
{
    public static RequestDelegate Wrap(RequestDelegate next) => context =>
    {
        var options = context.RequestServices.GetRequiredService<IOptions<CcTracerOptions>>().Value;
        if (options.RequireLoopbackHost && !IsAllowedHost(context.Request.Host, options))
        {
            return ErrorBody.WriteAsync(context, StatusCodes.Status421MisdirectedRequest, "misdirected_request",
                $"cc-tracer only answers requests addressed to a loopback host (got Host '{context.Request.Host.Value}').");
        }

        if (IsCrossSite(context.Request))
        {
            return ErrorBody.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden",
                "cc-tracer refuses cross-site browser requests.");
        }

        return next(context);
    };

    internal static bool IsAllowedHost(HostString host, CcTracerOptions options)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = host.Host.Trim('[', ']');
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address))
        {
            return true;
        }

        return options.AllowedHosts.Any(h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    internal static bool IsCrossSite(HttpRequest request)
    {
        // Browsers say where a request comes from; "same-site" is still another origin
        // (another port on localhost), so only same-origin and user-typed ("none") pass.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null" && request.Method == HttpMethods.Get)
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
