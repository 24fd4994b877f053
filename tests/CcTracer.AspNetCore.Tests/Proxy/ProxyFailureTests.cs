using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CcTracer.Storage;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Proxy;

public sealed class ProxyFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upstream_down_gives_502_with_an_anthropic_error_and_is_recorded()
    {
        var closed = ClosedPort();
        var upstreamUri = new Uri($"http://127.0.0.1:{closed}/");
        await using var tracer = await TracerHost.StartAsync(upstreamUri, Ct);
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(ProxyStreamingTests.MessagesRequest(session, """{"stream":true}"""), Ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("error", error.RootElement.GetProperty("type").GetString());
        Assert.Equal("api_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        var message = error.RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.StartsWith("cc-tracer: ", message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closed}", message, StringComparison.Ordinal);

        var r = (await tracer.WaitForResponseAsync(session, Ct)).Root;
        Assert.Equal(502, r.GetProperty("status").GetInt32());
        Assert.False(r.GetProperty("complete").GetBoolean());
        Assert.Equal(message, r.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Upstream_that_never_answers_gives_504_after_the_response_timeout()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(_ => ScriptedResponse.Silent(), Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct, o => o.UpstreamResponseTimeout = TimeSpan.FromMilliseconds(300));
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(ProxyStreamingTests.MessagesRequest(session, """{"stream":true}"""), Ct);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("cc-tracer: ", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var r = (await tracer.WaitForResponseAsync(session, Ct)).Root;
        Assert.Equal(504, r.GetProperty("status").GetInt32());
        Assert.False(r.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Upstream_529_overloaded_passes_through_verbatim_and_is_recorded_with_its_error()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        var overloaded = ScriptedResponse.Overloaded();
        upstream.Enqueue(overloaded);
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(ProxyStreamingTests.MessagesRequest(session, """{"stream":true}"""), Ct);

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Equal(overloaded.Body, await response.Content.ReadAsByteArrayAsync(Ct));
        var r = (await tracer.WaitForResponseAsync(session, Ct)).Root;
        Assert.Equal(529, r.GetProperty("status").GetInt32());
        Assert.False(r.GetProperty("complete").GetBoolean());
        Assert.Contains("Overloaded", r.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("overloaded_error", r.GetProperty("body").GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Upstream_dropping_mid_stream_records_an_incomplete_turn()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var gate = new StepGate();
        var events = new SseScript().Text("cut short", chunks: 4).Build();
        upstream.Enqueue(new ScriptedResponse { Events = events, AbortAfterEvents = 4, Gate = gate });
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(ProxyStreamingTests.MessagesRequest(session, """{"stream":true}"""), HttpCompletionOption.ResponseHeadersRead, Ct);
        var reader = new SseFrameReader(await response.Content.ReadAsStreamAsync(Ct));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(events[i].ToWireText(), await reader.ReadFrameAsync(Ct));
            gate.Release();
        }

        // The client must see the cut, not a clean end that would pass for a finished stream.
        await Assert.ThrowsAnyAsync<IOException>(async () => await reader.ReadFrameAsync(Ct));

        var r = (await tracer.WaitForResponseAsync(session, Ct)).Root;
        Assert.Equal(200, r.GetProperty("status").GetInt32());
        Assert.Equal(4, r.GetProperty("event_offsets_ms").GetArrayLength());
        Assert.False(r.GetProperty("complete").GetBoolean());
        Assert.Contains("mid-response", r.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_does_not_decode_is_blamed_on_the_upstream_and_kept_as_received()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        var events = new SseScript().Text("not really gzip").Build();
        var wire = SseScript.ToWireBytes(events);

        // Upstream claims gzip but sends plain bytes: the body is the upstream's fault, not capture's.
        upstream.Enqueue(new ScriptedResponse
        {
            Body = wire,
            ContentType = "text/event-stream",
            Headers = [new("Content-Encoding", "gzip")],
        });
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(ProxyStreamingTests.MessagesRequest(session, """{"stream":true}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(wire, await response.Content.ReadAsByteArrayAsync(Ct));
        var records = await tracer.WaitForRecordsAsync(session, rs => rs.Any(r => r.Type == RecordTypes.Notice), Ct);
        var r = Assert.Single(records, x => x.Type == RecordTypes.ApiResponse).Root;
        Assert.False(r.GetProperty("complete").GetBoolean());
        Assert.StartsWith("the upstream sent a body that is not valid 'gzip'", r.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(r.GetProperty("body_undecodable").GetBoolean());
        Assert.False(r.TryGetProperty("capture_warnings", out _), "an upstream fault is not a capture problem");
        Assert.Equal(wire.Length, r.GetProperty("wire_bytes").GetInt64());

        // Kept exactly as received (these bytes happen to be text).
        Assert.Equal(Encoding.UTF8.GetString(wire), r.GetProperty("body_text").GetString());
        var notice = Assert.Single(records, x => x.Type == RecordTypes.Notice).Root;
        Assert.Equal("warning", notice.GetProperty("level").GetString());
        Assert.Contains("upstream", notice.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Capture", notice.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_event_then_the_upstream_cutting_the_stream_records_the_api_error_and_the_cut_apart()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var gate = new StepGate();
        var events = new SseScript().Text("half an answer").Error().Build();
        upstream.Enqueue(new ScriptedResponse { Events = events, AbortAfterEvents = events.Count, Gate = gate });
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(ProxyStreamingTests.MessagesRequest(session, """{"stream":true}"""), HttpCompletionOption.ResponseHeadersRead, Ct);
        var reader = new SseFrameReader(await response.Content.ReadAsStreamAsync(Ct));
        foreach (var e in events)
        {
            Assert.Equal(e.ToWireText(), await reader.ReadFrameAsync(Ct));
            gate.Release();
        }

        await Assert.ThrowsAnyAsync<IOException>(async () => await reader.ReadFrameAsync(Ct));

        var r = (await tracer.WaitForResponseAsync(session, Ct)).Root;
        Assert.False(r.GetProperty("complete").GetBoolean());
        Assert.Equal("Overloaded", r.GetProperty("error").GetString());
        Assert.Equal("overloaded_error", r.GetProperty("api_error").GetProperty("type").GetString());
        Assert.Equal("Overloaded", r.GetProperty("api_error").GetProperty("message").GetString());
        Assert.Contains("mid-response", r.GetProperty("transport_error").GetString(), StringComparison.Ordinal);
        Assert.Equal("half an answer", r.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
