using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using CcTracer.Live;
using CcTracer.Storage;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Proxy;

public sealed class ProxyStreamingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_event_reaches_the_client_before_upstream_sends_the_next_and_the_turn_is_recorded()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var gate = new StepGate();
        var events = new SseScript()
            .Thinking("The user wants the files listed.")
            .Text("I'll list the files.")
            .ToolUse("toolu_01Scripted", "Bash", """{"command":"ls -la","description":"List files"}""")
            .Build(stopReason: "tool_use");
        upstream.Enqueue(ScriptedResponse.Stream(events, gate: gate));
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));

        using var response = await client.SendAsync(MessagesRequest(session, """{"model":"claude-sonnet-4-5","stream":true,"messages":[]}"""), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = await upstream.WaitForRequestAsync(1, timeout.Token);
        var reader = new SseFrameReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        for (var i = 0; i < events.Count; i++)
        {
            // Upstream sends event i+1 only after this release: reading event i here proves the
            // proxy forwarded it on its own, not batched with later ones.
            var frame = await reader.ReadFrameAsync(timeout.Token);
            Assert.Equal(events[i].ToWireText(), frame);
            Assert.True(received.EventsSent <= i + 1, $"upstream had sent {received.EventsSent} events when the client read event {i}");
            gate.Release();
        }

        Assert.Null(await reader.ReadFrameAsync(timeout.Token));

        var records = await tracer.WaitForRecordsAsync(session, rs => rs.Any(r => r.Type == RecordTypes.ApiResponse), Ct);
        var request = Assert.Single(records, r => r.Type == RecordTypes.ApiRequest);
        var record = Assert.Single(records, r => r.Type == RecordTypes.ApiResponse);
        Assert.Equal(request.Root.GetProperty("exchange_id").GetString(), record.Root.GetProperty("exchange_id").GetString());
        Assert.Equal("/v1/messages?beta=true", request.Root.GetProperty("path").GetString());
        Assert.Equal("messages", request.Root.GetProperty("kind").GetString());
        Assert.Equal("claude-sonnet-4-5", request.Root.GetProperty("model").GetString());
        Assert.True(request.Root.GetProperty("stream").GetBoolean());

        var r = record.Root;
        Assert.Equal(200, r.GetProperty("status").GetInt32());
        Assert.True(r.GetProperty("streamed").GetBoolean());
        Assert.True(r.GetProperty("complete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind);
        Assert.Equal(Encoding.UTF8.GetString(SseScript.ToWireBytes(events)), r.GetProperty("body_text").GetString());
        Assert.Equal(events.Count, r.GetProperty("event_offsets_ms").GetArrayLength());
        var message = r.GetProperty("message");
        Assert.Equal("tool_use", message.GetProperty("stop_reason").GetString());
        var content = message.GetProperty("content");
        Assert.Equal(3, content.GetArrayLength());
        Assert.Equal("The user wants the files listed.", content[0].GetProperty("thinking").GetString());
        Assert.Equal("I'll list the files.", content[1].GetProperty("text").GetString());
        Assert.Equal("ls -la", content[2].GetProperty("input").GetProperty("command").GetString());
        Assert.Equal(34, r.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal("req_scripted_0001", r.GetProperty("rate_limits").GetProperty("request-id").GetString());
    }

    [Fact]
    public async Task Gzip_stream_reaches_the_client_byte_for_byte_and_is_logged_decoded()
    {
        var events = new SseScript().Text("Compressed hello, with ünïcödé and enough text to compress.", chunks: 5).Build();

        var (clientBytes, sent, contentEncoding, r) = await StreamOneTurnAsync(events, gzip: true, "gzip, deflate, br, zstd");

        Assert.Equal("gzip", Assert.Single(contentEncoding));
        Assert.Equal(sent, clientBytes);
        Assert.Equal(SseScript.ToWireBytes(events), Gunzip(clientBytes));

        Assert.Equal("gzip", r.GetProperty("content_encoding").GetString());
        Assert.Equal(clientBytes.Length, r.GetProperty("wire_bytes").GetInt64());
        Assert.Equal(Encoding.UTF8.GetString(SseScript.ToWireBytes(events)), r.GetProperty("body_text").GetString());
        Assert.True(r.GetProperty("complete").GetBoolean());
        Assert.Equal("Compressed hello, with ünïcödé and enough text to compress.", r.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_long_text_is_logged_whole_from_the_kept_body_plain_or_gzipped(bool gzip)
    {
        // Long enough to stay in the body (not copied out) and full of escapes (the script's
        // serializer escapes non-ASCII too), so its deltas are read back from the wire and
        // unescaped to be logged. No surrogate pairs: the script may split a delta inside one.
        var text = string.Concat(Enumerable.Range(0, 4_000).Select(i => $"line {i}: \"quoted\" \\ tab\t é € 日本\n"));
        var events = new SseScript().Thinking(text).Text(text, chunks: 2_000).Build();

        var (clientBytes, sent, _, r) = await StreamOneTurnAsync(events, gzip, "gzip");

        Assert.Equal(sent, clientBytes);
        Assert.True(r.GetProperty("complete").GetBoolean());
        var content = r.GetProperty("message").GetProperty("content");
        Assert.Equal(text, content[0].GetProperty("thinking").GetString());
        Assert.Equal(text, content[1].GetProperty("text").GetString());
        Assert.Equal(Encoding.UTF8.GetString(SseScript.ToWireBytes(events)), r.GetProperty("body_text").GetString());
    }

    [Fact]
    public async Task Unknown_event_types_pass_through_and_are_recorded()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        var events = new SseScript()
            .Text("hi")
            .Event("future_event", """{"type":"future_event","detail":{"n":1}}""")
            .Build();
        upstream.Enqueue(ScriptedResponse.Stream(events));
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(MessagesRequest(session, """{"stream":true}"""), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(Encoding.UTF8.GetString(SseScript.ToWireBytes(events)), text);
        var r = (await tracer.WaitForResponseAsync(session, Ct)).Root;
        Assert.Contains("event: future_event\ndata: {\"type\":\"future_event\",\"detail\":{\"n\":1}}", r.GetProperty("body_text").GetString(), StringComparison.Ordinal);
        Assert.Equal(events.Count, r.GetProperty("event_offsets_ms").GetArrayLength());
        Assert.True(r.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Client_cancelling_mid_stream_cancels_upstream_and_records_a_partial_turn()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var gate = new StepGate();
        var events = new SseScript().Text("partial answer that never finishes", chunks: 6).Build();
        upstream.Enqueue(ScriptedResponse.Stream(events, gate: gate));
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var response = await client.SendAsync(MessagesRequest(session, """{"stream":true}"""), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var received = await upstream.WaitForRequestAsync(1, Ct);
        var reader = new SseFrameReader(await response.Content.ReadAsStreamAsync(Ct));
        for (var i = 0; i < 4; i++)
        {
            Assert.NotNull(await reader.ReadFrameAsync(Ct));
            gate.Release();
        }

        var upstreamAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = received.Aborted.Register(() => upstreamAborted.TrySetResult());
        await cancel.CancelAsync();
        response.Dispose();
        await upstreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var r = (await tracer.WaitForResponseAsync(session, Ct)).Root;
        Assert.False(r.GetProperty("complete").GetBoolean());
        Assert.Equal("client disconnected", r.GetProperty("error").GetString());
        Assert.Equal(200, r.GetProperty("status").GetInt32());
        Assert.True(r.GetProperty("event_offsets_ms").GetArrayLength() >= 4);
        Assert.StartsWith("part", r.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sixteen_concurrent_streams_are_all_byte_equal_and_all_recorded()
    {
        const int Streams = 16;
        await using var upstream = await ScriptedUpstream.StartAsync(
            request => ScriptedResponse.Stream(
                new SseScript(messageId: "msg_" + request.Header("X-Claude-Code-Session-Id"))
                    .Thinking("thinking for " + request.Header("X-Claude-Code-Session-Id"))
                    .Text(string.Concat(Enumerable.Repeat("answer " + request.Header("X-Claude-Code-Session-Id") + ". ", 40)), chunks: 40)
                    .Build(),
                gzip: request.Header("X-Claude-Code-Session-Id")!.EndsWith('0')),
            Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var client = tracer.CreateClient();
        var sessions = Enumerable.Range(0, Streams).Select(i => $"{Guid.NewGuid():N}{i % 2}").ToArray();

        var results = await Task.WhenAll(sessions.Select(async session =>
        {
            using var request = MessagesRequest(session, """{"stream":true}""");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
            return (session, bytes: await response.Content.ReadAsByteArrayAsync(Ct));
        }));

        foreach (var (session, bytes) in results)
        {
            var upstreamRequest = upstream.Requests.Single(r => r.Header("X-Claude-Code-Session-Id") == session);
            Assert.Equal(await upstreamRequest.ResponseSent, bytes);
            var r = (await tracer.WaitForResponseAsync(session, Ct)).Root;
            Assert.True(r.GetProperty("complete").GetBoolean(), r.GetRawText());
            Assert.Equal("msg_" + session, r.GetProperty("message").GetProperty("id").GetString());
            Assert.Equal(bytes.Length, r.GetProperty("wire_bytes").GetInt64());
        }
    }

    [Fact]
    public async Task A_streaming_turn_reports_live_progress_while_it_streams()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var gate = new StepGate();
        var events = new SseScript().Text("progress please", chunks: 3).Build();
        upstream.Enqueue(ScriptedResponse.Stream(events, gate: gate));
        var session = Guid.NewGuid().ToString();
        using var subscription = tracer.Log.LiveFeed.Subscribe(session);
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(MessagesRequest(session, """{"stream":true}"""), HttpCompletionOption.ResponseHeadersRead, Ct);
        var reader = new SseFrameReader(await response.Content.ReadAsStreamAsync(Ct));
        Assert.NotNull(await reader.ReadFrameAsync(Ct));

        // Only the first event has been sent, so this progress comes from a turn still streaming.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        LiveItem item;
        do
        {
            item = await subscription.Reader.ReadAsync(timeout.Token);
        }
        while (item.Event != "progress");

        using var progress = JsonDocument.Parse(item.Data);
        Assert.Equal(session, progress.RootElement.GetProperty("session_id").GetString());
        Assert.Equal(1, progress.RootElement.GetProperty("events").GetInt32());
        Assert.True(progress.RootElement.GetProperty("bytes").GetInt64() > 0);
        Assert.False(string.IsNullOrEmpty(progress.RootElement.GetProperty("exchange_id").GetString()));

        gate.Release(events.Count);
        while (await reader.ReadFrameAsync(Ct) is not null)
        {
        }
    }

    internal static HttpRequestMessage MessagesRequest(string session, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages?beta=true")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Claude-Code-Session-Id", session);
        request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        request.Headers.TryAddWithoutValidation("x-api-key", "sk-ant-api03-test-key-0000000000000000000000000000");
        return request;
    }

    /// <summary>
    /// One streamed turn through a fresh tracer, the client accepting <paramref name="acceptEncoding"/>:
    /// the bytes the client got, the bytes upstream sent, the response's Content-Encoding and the logged api_response.
    /// </summary>
    private static async Task<(byte[] ClientBytes, byte[] Sent, IReadOnlyList<string> ContentEncoding, JsonElement Response)> StreamOneTurnAsync(IReadOnlyList<ScriptedEvent> events, bool gzip, string acceptEncoding)
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        upstream.Enqueue(ScriptedResponse.Stream(events, gzip: gzip));
        var session = Guid.NewGuid().ToString();
        using var client = tracer.CreateClient();

        using var request = MessagesRequest(session, """{"model":"m","stream":true}""");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        var clientBytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var sent = await (await upstream.WaitForRequestAsync(1, Ct)).ResponseSent;
        var record = await tracer.WaitForResponseAsync(session, Ct);
        return (clientBytes, sent, [.. response.Content.Headers.ContentEncoding], record.Root.Clone());
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
