using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CcTracer.Benchmarks.Harness;
using CcTracer.Benchmarks.Servers;

namespace CcTracer.Benchmarks.Streaming;

/// <summary>Builds the <c>/v1/messages</c> request Claude Code would send (the real 95 KB fixture body).</summary>
internal static class BenchRequests
{
    public const string SessionId = "bench0000-0000-4000-8000-000000000008";

    private static readonly Lazy<byte[]> Body = new(() =>
    {
        var fixture = JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("request-first-turn.json")))!;
        var body = fixture["body"]!.AsObject();
        body["stream"] = true;
        return System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
    });

    public static HttpRequestMessage Turn(int events, int intervalUs)
    {
        var request = Create();
        request.Headers.Add(UpstreamApp.ScriptHeader, "turn");
        request.Headers.Add(UpstreamApp.EventsHeader, events.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(UpstreamApp.IntervalHeader, intervalUs.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    public static HttpRequestMessage Bulk(long bytes, int deltaChars)
    {
        var request = Create();
        request.Headers.Add(UpstreamApp.ScriptHeader, "bulk");
        request.Headers.Add(UpstreamApp.BytesHeader, bytes.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(UpstreamApp.DeltaCharsHeader, deltaChars.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    private static HttpRequestMessage Create()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true")
        {
            Content = new ByteArrayContent(Body.Value),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-api-key", "sk-ant-api03-benchmark-not-a-real-key-000000000000000000000000");
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14");
        request.Headers.Add("x-claude-code-session-id", SessionId);
        request.Headers.Add("User-Agent", "claude-cli/2.1.197 (external, sdk-cli)");
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }
}
