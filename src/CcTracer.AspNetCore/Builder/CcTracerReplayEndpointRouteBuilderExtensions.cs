using CcTracer.AspNetCore.Replay;
using CcTracer.Replay;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps a recorded session as a stand-in Anthropic API.</summary>
public static class CcTracerReplayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <paramref name="session"/> as a stand-in Anthropic API: <c>HEAD /</c> answers 200 (Claude Code's
    /// reachability probe) and every <c>/v1/*</c> call gets the next recorded exchange of its kind — streamed
    /// ones as the exact recorded SSE, event by event — so a client pointed at it with
    /// <c>ANTHROPIC_BASE_URL</c> re-runs the session offline. A call the recording cannot answer gets a 400
    /// API error naming the mismatch.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="session">The recording.</param>
    /// <param name="options">Matching and pacing; <see langword="null"/> for in-order, lenient, no delay.</param>
    /// <returns>A builder that applies conventions to the replay endpoints.</returns>
    public static IEndpointConventionBuilder MapCcTracerReplay(this IEndpointRouteBuilder endpoints, RecordedSession session, ReplayOptions? options = null)
        => endpoints.MapCcTracerReplay(new ReplayScript(session, options));

    /// <summary>Serves a replay script (e.g. one whose progress a test inspects) as a stand-in Anthropic API.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="script">The script answering the calls.</param>
    /// <returns>A builder that applies conventions to the replay endpoints.</returns>
    public static IEndpointConventionBuilder MapCcTracerReplay(this IEndpointRouteBuilder endpoints, ReplayScript script)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(script);
        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("CcTracer.Replay") ?? NullLogger.Instance;
        var group = endpoints.MapGroup(string.Empty);
        group.MapMethods("/", [HttpMethods.Head, HttpMethods.Get], () => Results.Ok());
        group.Map("/v1/{**path}", (HttpContext context) => ReplayEndpoints.HandleAsync(context, script, logger));
        return group;
    }
}
