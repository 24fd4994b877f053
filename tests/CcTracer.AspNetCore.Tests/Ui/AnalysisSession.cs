using System.Text.Json.Nodes;
using CcTracer.TestKit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// Four Messages calls through the real proxy to an upstream that simulates the prompt cache and
/// reports 5h/7d quota headers: a cold first call, a hit, a partial hit because system block 2 was
/// edited ("careful" inserted), and a hit again. Request seqs 1, 3, 5, 7.
/// </summary>
internal sealed class AnalysisSession : IAsyncDisposable
{
    public const string SessionId = "ui-analysis-session";

    /// <summary>The api_request seq of each call, in order.</summary>
    public static readonly long[] CallSeqs = [1, 3, 5, 7];

    private AnalysisSession(KestrelTracer tracer, ScriptedUpstream upstream)
    {
        Tracer = tracer;
        Upstream = upstream;
    }

    public KestrelTracer Tracer { get; }

    public ScriptedUpstream Upstream { get; }

    public string PageUrl => Tracer.Root + "#session=" + SessionId;

    public static async Task<AnalysisSession> StartAsync(CancellationToken ct)
    {
        var caching = new CachingResponder(new PromptCacheSimulator());
        var calls = 0;
        var upstream = await ScriptedUpstream.StartAsync(
            request =>
            {
                var answer = caching.Respond(request);
                if (answer is null)
                {
                    return null;
                }

                var n = Interlocked.Increment(ref calls);
                return new ScriptedResponse { Events = answer.Events, Headers = Quota(0.1 * n, 0.05 * n) };
            },
            ct);
        var tracer = await KestrelTracer.StartAsync(upstream: upstream.BaseUri);
        var session = new AnalysisSession(tracer, upstream);
        try
        {
            var first = RequestBodies.FirstTurn();
            var second = RequestBodies.AfterToolResult();
            var third = RequestBodies.WithSystemEdit(RequestBodies.NextTurn(second, "and again"), 2, "using your own judgment", "using your own careful judgment");
            var fourth = RequestBodies.NextTurn(third, "once more");
            var count = 0;
            foreach (var body in new[] { first, second, third, fourth })
            {
                await PostAsync(tracer.Http, body, ct);
                await RecordedSessionBuilder.WaitForRecordsAsync(tracer.Http, SessionId, count += 2, ct);
            }
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }

        return session;
    }

    private static KeyValuePair<string, string>[] Quota(double fiveHours, double sevenDays) =>
    [
        new("anthropic-ratelimit-unified-status", "allowed"),
        new("anthropic-ratelimit-unified-5h-utilization", fiveHours.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)),
        new("anthropic-ratelimit-unified-5h-reset", "1796320800"),
        new("anthropic-ratelimit-unified-5h-status", "allowed"),
        new("anthropic-ratelimit-unified-7d-utilization", sevenDays.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)),
        new("anthropic-ratelimit-unified-7d-reset", "1796839200"),
        new("anthropic-ratelimit-unified-7d-status", "allowed"),
    ];

    /// <summary>Sends one Messages call of the session through the proxy and reads the whole answer.</summary>
    public static async Task PostAsync(HttpClient tracer, JsonObject body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages?beta=true") { Content = new ByteArrayContent(RequestBodies.Bytes(body)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Claude-Code-Session-Id", SessionId);
        request.Headers.Add("x-api-key", "sk-ant-test-0000");
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await tracer.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await Tracer.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
