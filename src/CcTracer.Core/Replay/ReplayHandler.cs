using System.Net;
using System.Net.Http.Headers;

namespace CcTracer.Replay;

/// <summary>
/// An <see cref="HttpMessageHandler"/> that answers Anthropic API calls from a recorded session, offline and
/// deterministically: put it under the <see cref="HttpClient"/> of a harness (or of the official Anthropic
/// SDK) and every <c>/v1/messages</c> call gets the recorded response back — streamed ones as the exact
/// recorded SSE text, one event per read, optionally at the recorded pace; non-streamed ones and 4xx/5xx
/// errors with their recorded status and body. Calls are matched in order (each kind of path in its own
/// order); <see cref="ReplayOptions.Strict"/> also compares each request with the recorded one.
/// </summary>
/// <remarks>
/// A request the recording cannot answer throws <see cref="ReplayMismatchException"/> from
/// <see cref="HttpClient.SendAsync(HttpRequestMessage, CancellationToken)"/>; nothing ever waits for an
/// answer that will not come. Call <see cref="VerifyAllServed"/> at the end of a test to also fail when
/// the harness made fewer calls than the recording.
/// </remarks>
/// <example>
/// <code>
/// var session = await RecordedSession.LoadAsync("recordings/weather.jsonl", ct);
/// using var http = new HttpClient(new ReplayHandler(session)) { BaseAddress = new Uri("http://replay.invalid") };
/// </code>
/// </example>
public sealed class ReplayHandler : HttpMessageHandler
{
    /// <summary>Creates a handler replaying <paramref name="session"/>.</summary>
    /// <param name="session">The recording.</param>
    /// <param name="options">Matching and pacing; <see langword="null"/> for in-order, lenient, no delay.</param>
    public ReplayHandler(RecordedSession session, ReplayOptions? options = null)
        : this(new ReplayScript(session, options))
    {
    }

    /// <summary>Creates a handler over a script (e.g. one shared with a replay server).</summary>
    /// <param name="script">The script to take answers from.</param>
    public ReplayHandler(ReplayScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        Script = script;
    }

    /// <summary>The matching state: what was served, what is left.</summary>
    public ReplayScript Script { get; }

    /// <summary>Exchanges answered so far.</summary>
    public int Served => Script.Served;

    /// <summary>Throws when recorded exchanges were never requested (the harness stopped early).</summary>
    /// <exception cref="ReplayMismatchException">Some exchanges were not served.</exception>
    public void VerifyAllServed() => Script.VerifyAllServed();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new ReplayMismatchException("The request has no URI.");
        var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
        if (request.Method == HttpMethod.Head && !pathAndQuery.Contains("/v1/", StringComparison.Ordinal))
        {
            // Claude Code probes reachability with HEAD / before its first call; it was not recorded.
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent([]) };
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var turn = Script.Next(request.Method.Method, pathAndQuery, body);
        var plan = ReplayResponsePlan.For(turn, Script.Options.TimingScale);
        var response = new HttpResponseMessage((HttpStatusCode)plan.Status)
        {
            RequestMessage = request,
            Content = new StreamContent(new ReplayContentStream(plan)),
        };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(plan.ContentType, out var type) ? type : null;
        foreach (var (name, value) in plan.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }
}
