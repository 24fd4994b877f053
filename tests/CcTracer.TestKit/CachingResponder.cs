namespace CcTracer.TestKit;

/// <summary>
/// A <see cref="ScriptedUpstream"/> responder whose answers report the usage of a
/// <see cref="PromptCacheSimulator"/>: each Messages request is run through the simulated cache and
/// answered by <paramref name="answer"/>'s events (or a short text turn) with that usage.
/// </summary>
/// <example>
/// <code>
/// var cache = new PromptCacheSimulator(fakeTime);
/// await using var upstream = await ScriptedUpstream.StartAsync(new CachingResponder(cache).Respond);
/// </code>
/// </example>
public sealed class CachingResponder(PromptCacheSimulator cache, Func<ScriptedRequest, IReadOnlyList<ScriptedEvent>?>? answer = null)
{
    /// <summary>The usage reported for each request, in arrival order.</summary>
    public IReadOnlyList<SimulatedUsage> Reported => [.. _reported];

    private readonly System.Collections.Concurrent.ConcurrentQueue<SimulatedUsage> _reported = new();

    /// <summary>Answers a request (for <see cref="ScriptedUpstream.StartAsync"/>).</summary>
    public ScriptedResponse? Respond(ScriptedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.PathAndQuery.StartsWith("/v1/messages", StringComparison.Ordinal) || request.PathAndQuery.Contains("count_tokens", StringComparison.Ordinal))
        {
            return null;
        }

        var usage = cache.Process(request.Body);
        _reported.Enqueue(usage);
        var events = answer?.Invoke(request) ?? new SseScript().Text("Scripted answer.").Build();
        return ScriptedResponse.Stream(PromptCacheSimulator.WithUsage(events, usage));
    }
}
