using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcTracer.Json;
using CcTracer.Replay;
using CcTracer.Storage;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Replay;

public sealed class ReplayHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<RecordedSession> LoadAsync()
        => await RecordedSession.LoadAsync(WeatherRecording.Build().ToStream(), Ct);

    private static HttpClient Client(ReplayHandler handler) => new(handler) { BaseAddress = new Uri("http://replay.invalid") };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json)
        => client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            HttpCompletionOption.ResponseHeadersRead,
            Ct);

    [Fact]
    public async Task Streamed_replay_is_the_recorded_sse_byte_for_byte_and_reassembles_to_the_recorded_message()
    {
        var session = await LoadAsync();
        using var handler = new ReplayHandler(session);
        using var client = Client(handler);

        foreach (var recorded in session.Exchanges)
        {
            using var response = await PostAsync(client, recorded.Path, Encoding.UTF8.GetString(recorded.RequestBody));
            var stream = await response.Content.ReadAsStreamAsync(Ct);
            var received = new MemoryStream();
            var assembler = new TurnAssembler();
            var buffer = new byte[64 * 1024];
            int read, reads = 0;
            while ((read = await stream.ReadAsync(buffer, Ct)) > 0)
            {
                received.Write(buffer, 0, read);
                assembler.Append(buffer.AsSpan(0, read), TimeSpan.FromMilliseconds(++reads));
                if (recorded.IsStreamed)
                {
                    // One SSE event per read: the recorded framing, not one blob.
                    Assert.EndsWith("\n\n", Encoding.UTF8.GetString(buffer, 0, read), StringComparison.Ordinal);
                }
            }

            Assert.Equal(recorded.Status, (int)response.StatusCode);
            Assert.Equal(recorded.ResponseBody, received.ToArray());
            if (!recorded.IsStreamed)
            {
                continue;
            }

            Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(recorded.ResponseRecord!.Root.GetProperty("body_text").GetString(), Encoding.UTF8.GetString(received.ToArray()));
            Assert.Equal(recorded.EventOffsetsMs.Count, reads);
            var turn = assembler.Complete(TimeSpan.FromMilliseconds(reads + 1));
            Assert.Equal(recorded.Message!.Value.GetRawText(), MessageJson(turn));
        }

        handler.VerifyAllServed();
        Assert.Equal(session.Exchanges.Count, handler.Served);
    }

    [Fact]
    public async Task Non_streamed_and_error_responses_replay_with_their_status_headers_and_body()
    {
        var session = await LoadAsync();
        using var handler = new ReplayHandler(session);
        using var client = Client(handler);

        using var title = await PostAsync(client, "/v1/messages", "{}");
        Assert.Equal(HttpStatusCode.OK, title.StatusCode);
        Assert.Equal("application/json", title.Content.Headers.ContentType!.MediaType);
        Assert.Equal("req_ex-001", title.Headers.GetValues("request-id").Single());
        Assert.Equal("Weather check", JsonNode.Parse(await title.Content.ReadAsStringAsync(Ct))!["content"]![0]!["text"]!.GetValue<string>());

        for (var turn = 1; turn <= 2; turn++)
        {
            (await PostAsync(client, "/v1/messages", WeatherRecording.MainRequest(turn))).Dispose();
        }

        using var overloaded = await PostAsync(client, "/v1/messages?beta=true", WeatherRecording.MainRequest(3));
        Assert.Equal(529, (int)overloaded.StatusCode);
        Assert.Contains("overloaded_error", await overloaded.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_tokens_replays_in_its_own_order_among_messages_calls()
    {
        var session = await LoadAsync();
        using var handler = new ReplayHandler(session);
        using var client = Client(handler);

        using var count = await PostAsync(client, "/v1/messages/count_tokens", "{}");
        Assert.Equal("{\"input_tokens\":321}", await count.Content.ReadAsStringAsync(Ct));
        using var first = await PostAsync(client, "/v1/messages", "{}");
        Assert.Contains("Weather check", await first.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extra_request_fails_loudly_instead_of_hanging()
    {
        var session = await LoadAsync();
        using var handler = new ReplayHandler(session);
        using var client = Client(handler);
        foreach (var turn in session.Turns)
        {
            (await PostAsync(client, "/v1/messages", Encoding.UTF8.GetString(turn.RequestBody))).Dispose();
        }

        var error = await Assert.ThrowsAsync<ReplayMismatchException>(() => PostAsync(client, "/v1/messages", "{}"));
        Assert.Contains("Request #6 (POST /v1/messages) is one too many", error.Message, StringComparison.Ordinal);
        Assert.Contains("5 /v1/messages exchange(s)", error.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<ReplayMismatchException>(() => PostAsync(client, "/v1/models", "{}"));
        Assert.Contains("no POST /v1/models exchange", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAllServed_names_the_exchanges_the_harness_never_asked_for()
    {
        var session = await LoadAsync();
        using var handler = new ReplayHandler(session);
        using var client = Client(handler);
        (await PostAsync(client, "/v1/messages", "{}")).Dispose();

        var error = Assert.Throws<ReplayMismatchException>(handler.VerifyAllServed);

        Assert.StartsWith("5 recorded exchange(s) were never requested", error.Message, StringComparison.Ordinal);
        Assert.Contains("#2 POST /v1/messages/count_tokens?beta=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_mode_accepts_the_recorded_requests_and_ignores_metadata_user_id()
    {
        var session = await LoadAsync();
        var options = new ReplayOptions { Strict = true };
        options.ComparedFields.Add("metadata");
        using var handler = new ReplayHandler(session, options);
        using var client = Client(handler);

        foreach (var recorded in session.Exchanges)
        {
            var body = JsonNode.Parse(recorded.RequestBody)!.AsObject();
            if (body["metadata"] is JsonObject metadata)
            {
                metadata["user_id"] = "{\"session_id\":\"a-different-run\"}";
            }

            (await PostAsync(client, recorded.Path, body.ToJsonString())).Dispose();
        }

        handler.VerifyAllServed();
    }

    [Fact]
    public async Task Strict_mode_fails_with_the_json_path_and_both_values_of_the_first_difference()
    {
        var session = await LoadAsync();
        using var handler = new ReplayHandler(session, new ReplayOptions { Strict = true });
        using var client = Client(handler);
        (await PostAsync(client, "/v1/messages", Encoding.UTF8.GetString(session.Turns[0].RequestBody))).Dispose();
        (await PostAsync(client, "/v1/messages", WeatherRecording.MainRequest(1))).Dispose();

        // The harness reports a different tool result than the recorded session did.
        var changed = WeatherRecording.MainRequest(2).Replace("Sunny, 21", "Rainy, 12", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<ReplayMismatchException>(() => PostAsync(client, "/v1/messages", changed));

        Assert.Contains("messages[2].content[0].content: expected \"Sunny, 21°C\" got \"Rainy, 12°C\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("messages[2].content[0].content", error.Difference!.Path);
        Assert.Same(session.Turns[2], error.Recorded);

        // A mismatch does not consume the recorded exchange: the right request still gets it.
        using var right = await PostAsync(client, "/v1/messages", WeatherRecording.MainRequest(2));
        Assert.Contains("toolu_02Atlantis", await right.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model", "\"claude-opus-4-1\"", "model: expected \"claude-sonnet-4-5\" got \"claude-opus-4-1\"")]
    [InlineData("system", "[]", "system[0]: expected {")]
    [InlineData("tools", "[{\"name\":\"get_weather\",\"description\":\"Weather\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]", "tools[0].description: expected \"Current weather for a city\" got \"Weather\"")]
    [InlineData("messages", "[{\"role\":\"user\",\"content\":\"What's the weather in Paris and in Atlantis?\"},{\"role\":\"user\",\"content\":\"more\"}]", "messages[1]: expected (missing) got {\"role\":\"user\",\"content\":\"more\"}")]
    public async Task Strict_mode_diff_names_the_field(string field, string replacement, string expected)
    {
        var session = await LoadAsync();
        using var handler = new ReplayHandler(session, new ReplayOptions { Strict = true });
        using var client = Client(handler);
        (await PostAsync(client, "/v1/messages", Encoding.UTF8.GetString(session.Turns[0].RequestBody))).Dispose();
        var body = JsonNode.Parse(WeatherRecording.MainRequest(1))!.AsObject();
        body[field] = JsonNode.Parse(replacement);

        var error = await Assert.ThrowsAsync<ReplayMismatchException>(() => PostAsync(client, "/v1/messages", body.ToJsonString()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timing_scale_replays_at_the_recorded_pace()
    {
        var session = await LoadAsync();
        var turn = session.Turns[1];
        using var handler = new ReplayHandler(session, new ReplayOptions { TimingScale = 1 });
        using var client = Client(handler);
        (await PostAsync(client, "/v1/messages", "{}")).Dispose();

        var watch = Stopwatch.StartNew();
        using var response = await PostAsync(client, "/v1/messages", WeatherRecording.MainRequest(1));
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(turn.SseText, text);
        Assert.True(watch.Elapsed.TotalMilliseconds >= turn.EventOffsetsMs[^1] * 0.9, $"{watch.Elapsed.TotalMilliseconds} ms < {turn.EventOffsetsMs[^1]} ms");
    }

    [Fact]
    public async Task Head_probe_is_answered_without_consuming_the_recording()
    {
        var session = await LoadAsync();
        using var handler = new ReplayHandler(session);
        using var client = Client(handler);

        using var probe = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"), Ct);

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal(0, handler.Served);
    }

    private static string MessageJson(ApiTurn turn)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RelaxedJson.WriterOptions))
        {
            turn.WriteMessage(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
