using System.Text.Json;
using CcTracer.Analysis.Requests;
using CcTracer.Storage;

namespace CcTracer.Analysis;

/// <summary>
/// Says which thread a call belongs to, so a call is compared with the previous call of the same
/// conversation. Swappable for a finer attribution (issue #19's threads).
/// </summary>
internal interface ICallThreads
{
    /// <summary>The thread key of the call whose <c>api_request</c> is <paramref name="request"/>.</summary>
    string ThreadOf(StoredRecord request, RequestShape? shape);
}

/// <summary>
/// The simple attribution: a subagent's calls carry <c>x-claude-code-agent-id</c> (one thread per
/// agent); calls without tools (session titles, summaries) are <c>utility</c>; the rest is <c>main</c>.
/// </summary>
internal sealed class HeaderCallThreads : ICallThreads
{
    public const string Main = "main";
    public const string Utility = "utility";

    public string ThreadOf(StoredRecord request, RequestShape? shape)
    {
        if (request.Root.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject())
            {
                if (header.Name.Equals("x-claude-code-agent-id", StringComparison.OrdinalIgnoreCase) && header.Value.ValueKind == JsonValueKind.String
                    && header.Value.GetString() is { Length: > 0 } agent)
                {
                    return "agent:" + agent;
                }
            }
        }

        return shape is { HasTools: false } ? Utility : Main;
    }
}
