using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CcTracer.AspNetCore.Tests.Proxy;
using CcTracer.Storage;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Api;

/// <summary>
/// <c>GET /api/sessions/{id}/records/{seq}/body</c> answers the exact bytes that went over the wire,
/// checked here against what the scripted upstream received and what the client received.
/// </summary>
public sealed class RecordBodyEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> RequestBodies() => new("multiline-json", "not-utf8", "compact-json");

    [Theory]
    [MemberData(nameof(RequestBodies))]
    public async Task A_request_body_comes_back_as_upstream_received_it(string kind)
    {
        var body = kind switch
        {
            "multiline-json" => Encoding.UTF8.GetBytes("{\n  \"model\": \"m\",\r\n  \"stream\": true,\n  \"messages\": [{\"role\":\"user\",\"content\":\"é\\u00e9 😀\"}]\n}\n"),
            "not-utf8" => [.. "{\"model\":\"m\",\"x\":\""u8, 0xff, 0xfe, 0xc3, .. "\"}"u8],
            _ => Encoding.UTF8.GetBytes("{\"model\":\"m\",\"stream\":true,\"pad\":\"" + new string('p', 20_000) + "\"}"),
        };
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        upstream.Enqueue(ScriptedResponse.Stream(new SseScript().Text("hi").Build()));
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();
        using (var response = await client.SendAsync(Request(session, body), Ct))
        {
            await response.Content.ReadAsByteArrayAsync(Ct);
        }

        var received = (await upstream.WaitForRequestAsync(1, Ct)).Body;
        var records = await tracer.WaitForRecordsAsync(session, rs => rs.Any(r => r.Type == RecordTypes.ApiResponse), Ct);
        var seq = records.Single(r => r.Type == RecordTypes.ApiRequest).Seq;

        using var answer = await client.GetAsync(new Uri(tracer.BaseUri, $"api/sessions/{session}/records/{seq}/body"), Ct);
        var bytes = await answer.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(received, bytes);
        Assert.Equal(body, bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(received)), Header(answer, "x-body-sha256"));
        Assert.Equal("capture", Header(answer, "x-body-sha256-source"));
    }

    [Fact]
    public async Task A_gzip_response_body_comes_back_still_compressed_as_the_client_received_it()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        upstream.Enqueue(ScriptedResponse.Stream(new SseScript().Text("a gzip turn with some text", chunks: 5).Build(), gzip: true));
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();
        using var request = Request(session, "{\"model\":\"m\",\"stream\":true}"u8.ToArray());
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        byte[] clientBytes;
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct))
        {
            Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
            clientBytes = await response.Content.ReadAsByteArrayAsync(Ct);
        }

        var record = await tracer.WaitForResponseAsync(session, Ct);
        using var answer = await client.GetAsync(new Uri(tracer.BaseUri, $"api/sessions/{session}/records/{record.Seq}/body"), Ct);
        var bytes = await answer.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(clientBytes, bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(clientBytes)), Header(answer, "x-body-sha256"));
        Assert.Equal("gzip", Header(answer, "x-body-content-encoding"));

        // The record itself still reads decoded, with the message rebuilt from the stream.
        Assert.StartsWith("event: message_start", Encoding.UTF8.GetString(record.GetBody()), StringComparison.Ordinal);
        Assert.Equal("a gzip turn with some text", record.Root.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Records_without_a_body_or_a_record_that_is_not_there_get_a_json_404()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var client = tracer.CreateClient();
        using (var hook = await client.PostAsync(new Uri(tracer.BaseUri, "hooks"), new StringContent("{\"hook_event_name\":\"SessionStart\",\"session_id\":\"s-404\"}", Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        }

        await tracer.WaitForRecordsAsync("s-404", rs => rs.Count > 0, Ct);
        foreach (var (path, type) in new[] { ("api/sessions/s-404/records/1/body", "no_body"), ("api/sessions/s-404/records/99/body", "not_found") })
        {
            using var answer = await client.GetAsync(new Uri(tracer.BaseUri, path), Ct);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            using var json = JsonDocument.Parse(await answer.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal(type, json.RootElement.GetProperty("error").GetProperty("type").GetString());
        }
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private static HttpRequestMessage Request(string session, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages?beta=true") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.TryAddWithoutValidation("X-Claude-Code-Session-Id", session);
        return request;
    }
}
