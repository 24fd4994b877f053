using System.Net;
using System.Text;
using System.Text.Json;
using CcTracer.Replay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Replay;

public sealed class ReplayEndpointTests
{
    private const string Sse =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static string Log()
    {
        var request = "{\"v\":1,\"seq\":1,\"type\":\"api_request\",\"ts\":\"2026-05-01T12:00:00.000Z\",\"session_id\":\"s\",\"exchange_id\":\"e1\",\"method\":\"POST\",\"path\":\"/v1/messages?beta=true\",\"kind\":\"messages\",\"headers\":{},\"body_bytes\":2,\"body\":{}}";
        var response = "{\"v\":1,\"seq\":2,\"type\":\"api_response\",\"ts\":\"2026-05-01T12:00:01.000Z\",\"session_id\":\"s\",\"exchange_id\":\"e1\",\"status\":200,\"headers\":{\"content-type\":\"text/event-stream; charset=utf-8\",\"request-id\":\"req_1\"},\"streamed\":true,\"body_bytes\":" + Encoding.UTF8.GetByteCount(Sse) + ",\"body_text\":" + JsonSerializer.Serialize(Sse) + ",\"event_offsets_ms\":[1,2,3,4,5,6],\"complete\":true,\"error\":null}";
        return request + "\n" + response + "\n";
    }

    [Fact]
    public async Task Replay_server_answers_the_probe_and_serves_the_recorded_sse_then_refuses_an_extra_call()
    {
        var ct = TestContext.Current.CancellationToken;
        var session = await RecordedSession.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Log())), ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapCcTracerReplay(session);
        await app.StartAsync(ct);
        using var client = app.GetTestClient();

        using var probe = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"), ct);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);

        using var turn = await client.PostAsync("/v1/messages?beta=true", new StringContent("{\"stream\":true}"), ct);
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        Assert.Equal("text/event-stream", turn.Content.Headers.ContentType!.MediaType);
        Assert.Equal("req_1", turn.Headers.GetValues("request-id").Single());
        Assert.Equal(Sse, await turn.Content.ReadAsStringAsync(ct));

        using var extra = await client.PostAsync("/v1/messages?beta=true", new StringContent("{}"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);
        using var error = JsonDocument.Parse(await extra.Content.ReadAsStringAsync(ct));
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("one too many", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task A_streaming_request_against_a_non_streamed_recording_gets_a_400_naming_the_stream()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StartAsync(NonStreamedLog("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Paris?\"}]}"), new CollectingLoggerProvider(), ct);
        using var client = app.GetTestClient();

        using var turn = await client.PostAsync("/v1/messages", new StringContent("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Paris?\"}]}"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, turn.StatusCode);
        Assert.Contains("asks for a stream", await turn.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lenient_replay_logs_a_warning_when_it_answers_a_different_prompt()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CollectingLoggerProvider();
        await using var app = await StartAsync(NonStreamedLog("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}"), logs, ct);
        using var client = app.GetTestClient();

        using var turn = await client.PostAsync("/v1/messages", new StringContent("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in London?\"}]}"), ct);

        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        var warning = Assert.Single(logs.Warnings);
        Assert.Contains("messages[0].content: expected \"Weather in Paris?\" got \"Weather in London?\"", warning, StringComparison.Ordinal);
    }

    private static string NonStreamedLog(string requestJson)
        => "{\"v\":1,\"seq\":1,\"type\":\"api_request\",\"ts\":\"2026-05-01T12:00:00.000Z\",\"session_id\":\"s\",\"exchange_id\":\"e1\",\"method\":\"POST\",\"path\":\"/v1/messages\",\"kind\":\"messages\",\"headers\":{},\"body_bytes\":" + Encoding.UTF8.GetByteCount(requestJson) + ",\"body\":" + requestJson + "}\n" +
           "{\"v\":1,\"seq\":2,\"type\":\"api_response\",\"ts\":\"2026-05-01T12:00:01.000Z\",\"session_id\":\"s\",\"exchange_id\":\"e1\",\"status\":200,\"headers\":{\"content-type\":\"application/json\"},\"streamed\":false,\"body_bytes\":17,\"body\":{\"type\":\"message\"},\"complete\":true,\"error\":null}\n";

    private static async Task<WebApplication> StartAsync(string log, CollectingLoggerProvider logs, CancellationToken ct)
    {
        var session = await RecordedSession.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(log)), ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        var app = builder.Build();
        app.MapCcTracerReplay(session);
        await app.StartAsync(ct);
        return app;
    }

    [Fact]
    public async Task A_paced_replay_stream_ends_when_the_host_stops_instead_of_holding_the_stop()
    {
        var ct = TestContext.Current.CancellationToken;
        var session = await RecordedSession.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Log())), ct);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();

        // No grace limit: a stop that waited for the paced stream would never end.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        await using var app = builder.Build();

        // Paced 100,000 times slower than recorded: the events are minutes apart.
        var script = new ReplayScript(session, new ReplayOptions { TimingScale = 100_000 });
        app.MapCcTracerReplay(script);
        await app.StartAsync(ct);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/messages?beta=true", UriKind.Relative)) { Content = new StringContent("{\"stream\":true}") };
        var sending = client.SendAsync(request, ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (script.Served == 0)
        {
            await Task.Delay(20, deadline.Token);
        }

        await app.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        using var turn = await sending.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        var rest = turn.Content.ReadAsStringAsync(ct);

        // The response closed normally (no cut connection), before the recording's end.
        Assert.DoesNotContain("message_stop", await rest.WaitAsync(TimeSpan.FromSeconds(60), ct), StringComparison.Ordinal);
    }
}
