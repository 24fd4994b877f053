using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CcTracer.AspNetCore.Tests.Proxy;
using CcTracer.Storage;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Secrets;

/// <summary>
/// Secrets of every kind planted in real traffic through the proxy and the hook sink: they reach
/// upstream and Claude Code exactly, and no byte of them reaches the log directory or any answer
/// of the API (sessions, summaries, records, search, the live feed).
/// </summary>
public sealed class SecretsStayOutOfStorageTests
{
    private const string Session = "5ec2e7a1-0000-4000-8000-00000000f00d";

    // Short secrets: a mask that kept a third of them (the old "sid=COOKI…") would show these prefixes.
    private const string ShortAuth = "Qv7Lp";
    private const string ShortCookie = "Jw4Tz";
    private const string ShortQuery = "Kd8Rm";
    private const string SubscriptionKey = "Ocp9Subscr1ptionK3yQ7m2x9Lr5Tv8W";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<string> Forbidden =>
        PlantedSecrets.All.Concat([SubscriptionKey, ShortAuth[..3], ShortCookie[..3], ShortQuery[..3]]);

    [Fact]
    public async Task Planted_secrets_reach_the_wire_exactly_but_no_file_and_no_api_answer()
    {
        var echoed = $"Your key {PlantedSecrets.Anthropic} and token {PlantedSecrets.GitHub} are set.";
        await using var upstream = await ScriptedUpstream.StartAsync(
            _ => new ScriptedResponse
            {
                Events = new SseScript().Text(echoed, chunks: 1).ToolUse("toolu_1", "Bash", JsonSerializer.Serialize(new { command = "curl -H 'Authorization: Bearer " + PlantedSecrets.Slack + "' x" }), fragments: 1).Build(),
                Headers = [new("Set-Cookie", $"sid={ShortCookie}; Path=/; HttpOnly")],
            },
            Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var client = tracer.CreateClient();
        var live = new LiveReader(client);
        await live.StartAsync(Ct);

        var body = RequestBody();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/messages?beta=true&api_key={ShortQuery}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.TryAddWithoutValidation("x-api-key", PlantedSecrets.Anthropic);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + PlantedSecrets.Jwt);
        request.Headers.TryAddWithoutValidation("Ocp-Apim-Subscription-Key", SubscriptionKey);
        request.Headers.TryAddWithoutValidation("X-Auth", ShortAuth);
        request.Headers.TryAddWithoutValidation("Cookie", $"sid={ShortCookie}");
        request.Headers.TryAddWithoutValidation("X-Claude-Code-Session-Id", Session);
        using var response = await client.SendAsync(request, Ct);
        var clientReceived = await response.Content.ReadAsStringAsync(Ct);
        var hookPayload = HookPayload();
        using (var hook = await client.PostAsync("/hooks", new ByteArrayContent(hookPayload) { Headers = { { "Content-Type", "application/json" } } }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        }

        // The wire: masking is for storage only.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(PlantedSecrets.Anthropic, clientReceived, StringComparison.Ordinal);
        Assert.Contains($"sid={ShortCookie}", string.Join(",", response.Headers.GetValues("Set-Cookie")), StringComparison.Ordinal);
        var received = await upstream.WaitForRequestAsync(1, Ct);
        Assert.Equal(body, received.Body);
        Assert.Equal($"/v1/messages?beta=true&api_key={ShortQuery}", received.PathAndQuery);
        Assert.Equal(PlantedSecrets.Anthropic, received.Header("x-api-key"));
        Assert.Equal("Bearer " + PlantedSecrets.Jwt, received.Header("Authorization"));
        Assert.Equal(SubscriptionKey, received.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal(ShortAuth, received.Header("X-Auth"));
        Assert.Equal($"sid={ShortCookie}", received.Header("Cookie"));

        var records = await tracer.WaitForRecordsAsync(Session, rs => rs.Count == 3, Ct);
        await live.WaitForRecordsAsync(3, Ct);

        // Storage: every byte under the log directory, and every answer of the API.
        var stored = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(tracer.LogDirectory, "*", SearchOption.AllDirectories))
        {
            stored.Append(await File.ReadAllTextAsync(file, Ct)).Append('\n');
        }

        stored.Append(await client.GetStringAsync("api/sessions", Ct));
        stored.Append(await client.GetStringAsync($"api/sessions/{Session}/records", Ct));
        foreach (var record in records)
        {
            stored.Append(await client.GetStringAsync($"api/sessions/{Session}/records/{record.Seq}", Ct));
        }

        foreach (var secret in Forbidden)
        {
            using var search = JsonDocument.Parse(await client.GetStringAsync($"api/sessions/{Session}/search?q={Uri.EscapeDataString(secret)}", Ct));
            Assert.Empty(search.RootElement.GetProperty("seqs").EnumerateArray());
        }

        stored.Append(live.Text);
        var all = stored.ToString();
        Assert.Contains("[masked:", all, StringComparison.Ordinal);
        foreach (var secret in Forbidden)
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }

        // The record says what it masked, and where.
        var requestRecord = records.Single(r => r.Type == RecordTypes.ApiRequest).Root;
        var masked = requestRecord.GetProperty("masked").EnumerateArray().Select(m => (m.GetProperty("where").GetString(), m.GetProperty("kind").GetString())).ToList();
        Assert.Contains(("header:x-api-key", "anthropic-key"), masked);
        Assert.Contains(("header:authorization", "jwt"), masked);
        Assert.Contains(("header:ocp-apim-subscription-key", "credential"), masked);
        Assert.Contains(("query:api_key", "credential"), masked);
        Assert.Contains(("body", "private-key"), masked);
        Assert.True(requestRecord.GetProperty("body_masked").GetBoolean());
        Assert.Equal(Session, requestRecord.GetProperty("headers").GetProperty("X-Claude-Code-Session-Id").GetString());
        using (JsonDocument.Parse(records.Single(r => r.Type == RecordTypes.ApiRequest).GetBody()))
        {
            // Still the same JSON request, only string contents changed.
        }

        var responseRecord = records.Single(r => r.Type == RecordTypes.ApiResponse).Root;
        Assert.True(responseRecord.GetProperty("body_masked").GetBoolean());
        Assert.Contains("[masked:anthropic-key:", responseRecord.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var hookRecord = records.Single(r => r.Type == RecordTypes.Hook).Root;
        Assert.True(hookRecord.GetProperty("body_masked").GetBoolean());
        Assert.Equal(JsonValueKind.Object, hookRecord.GetProperty("payload").ValueKind);

        // One secret, one marker: the key in the header, the request body and the echo match.
        var keyHashes = records.SelectMany(r => r.Root.TryGetProperty("masked", out var m) ? m.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(m => m.GetProperty("kind").GetString() == "anthropic-key").Select(m => m.GetProperty("hash").GetString()).Distinct();
        Assert.Single(keyHashes);
    }

    [Fact]
    public async Task A_secret_the_model_streams_across_many_deltas_is_masked_in_the_stored_stream_too()
    {
        // Seven pieces: every planted secret is cut across two or more text deltas, and the tool
        // input's JSON across input_json_delta fragments.
        string[] secrets = [PlantedSecrets.Anthropic, PlantedSecrets.OpenAi, PlantedSecrets.AwsKeyId, PlantedSecrets.Slack, PlantedSecrets.Jwt];
        var echoed = "Found: " + string.Join(" ", secrets);
        var events = new SseScript().Text(echoed, chunks: 7).ToolUse("toolu_9", "Bash", JsonSerializer.Serialize(new { command = "export GITHUB_TOKEN=" + PlantedSecrets.GitHub }), fragments: 5).Build();
        await using var upstream = await ScriptedUpstream.StartAsync(_ => new ScriptedResponse { Events = events }, Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var client = tracer.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = new StringContent("{\"model\":\"m\",\"stream\":true,\"messages\":[]}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Claude-Code-Session-Id", Session);
        using var response = await client.SendAsync(request, Ct);
        var wire = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(SseScript.ToWireBytes(events), wire);
        var record = await tracer.WaitForResponseAsync(Session, Ct);
        var storedStream = record.Root.GetProperty("body_text").GetString()!;
        var rebuilt = string.Concat(storedStream.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal) && l.Contains("content_block_delta", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement.GetProperty("delta"))
            .Select(d => d.TryGetProperty("text", out var t) ? t.GetString() : d.TryGetProperty("partial_json", out var p) ? p.GetString() : string.Empty));
        var all = string.Concat(Directory.EnumerateFiles(tracer.LogDirectory, "*", SearchOption.AllDirectories).Select(File.ReadAllText)) + rebuilt;
        foreach (var secret in secrets.Append(PlantedSecrets.GitHub))
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }

        // The text rebuilt from the stored stream is the masked turn's text, marker for marker.
        var turnText = record.Root.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString()!;
        Assert.StartsWith(turnText, rebuilt, StringComparison.Ordinal);
        Assert.Contains("[masked:anthropic-key:", turnText, StringComparison.Ordinal);
        Assert.Contains("GITHUB_TOKEN=[masked:github-token:", rebuilt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_body_masking_bodies_are_stored_exactly_and_headers_and_query_are_still_masked()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(_ => new ScriptedResponse { Events = new SseScript().Text("ok", chunks: 1).Build() }, Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct, store: s => s.MaskSecretsInBodies = false);
        using var client = tracer.CreateClient();
        var body = RequestBody();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/messages?api_key={ShortQuery}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.TryAddWithoutValidation("X-Auth", ShortAuth);
        request.Headers.TryAddWithoutValidation("X-Claude-Code-Session-Id", Session);
        using var response = await client.SendAsync(request, Ct);
        await response.Content.ReadAsByteArrayAsync(Ct);

        var records = await tracer.WaitForRecordsAsync(Session, rs => rs.Any(r => r.Type == RecordTypes.ApiResponse), Ct);
        var logged = records.Single(r => r.Type == RecordTypes.ApiRequest);
        Assert.Equal(body, logged.GetBody());
        Assert.False(logged.Root.TryGetProperty("body_masked", out _));
        Assert.DoesNotContain(ShortAuth[..3], Encoding.UTF8.GetString(logged.Line.Span), StringComparison.Ordinal);
        Assert.DoesNotContain(ShortQuery[..3], logged.Root.GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    private static byte[] RequestBody() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        model = "claude-sonnet-4-5",
        max_tokens = 1024,
        stream = true,
        metadata = new { password = PlantedSecrets.JsonPassword },
        messages = new object[]
        {
            new { role = "user", content = $"use {PlantedSecrets.OpenAi} with {PlantedSecrets.Jwt}" },
            new { role = "assistant", content = new object[] { new { type = "tool_use", id = "toolu_0", name = "Bash", input = new { command = "env; cat ~/.ssh/id_rsa" } } } },
            new { role = "user", content = new object[] { new { type = "tool_result", tool_use_id = "toolu_0", content = PlantedSecrets.EnvDump + PlantedSecrets.PrivateKeyBlock } } },
        },
    });

    private static byte[] HookPayload() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        session_id = Session,
        hook_event_name = "PostToolUse",
        tool_name = "Bash",
        tool_use_id = "toolu_0",
        tool_input = new { command = $"export GITHUB_TOKEN={PlantedSecrets.GitHub}; env" },
        tool_response = new { stdout = PlantedSecrets.EnvDump + PlantedSecrets.PrivateKeyBlock, stderr = string.Empty },
    });

    /// <summary>Reads <c>/api/live</c> in the background, as the UI does.</summary>
    private sealed class LiveReader(HttpClient client)
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();
        private int _records;
        private bool _recordEvent;

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var response = await client.GetAsync("api/live", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            Assert.Equal("event: hello", await reader.ReadLineAsync(cancellationToken));
            _ = Task.Run(
                async () =>
                {
                    using (response)
                    using (reader)
                    {
                        try
                        {
                            while (await reader.ReadLineAsync(cancellationToken) is { } line)
                            {
                                lock (_gate)
                                {
                                    _text.AppendLine(line);

                                    // A record counts once its data line is in.
                                    _records += _recordEvent && line.StartsWith("data: ", StringComparison.Ordinal) ? 1 : 0;
                                    _recordEvent = line == "event: record" || (_recordEvent && !line.StartsWith("data: ", StringComparison.Ordinal));
                                }
                            }
                        }
                        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
                        {
                        }
                    }
                },
                cancellationToken);
        }

        public async Task WaitForRecordsAsync(int count, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Volatile.Read(ref _records) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the live feed showed {_records} of {count} records");
                await Task.Delay(20, cancellationToken);
            }
        }
    }
}
