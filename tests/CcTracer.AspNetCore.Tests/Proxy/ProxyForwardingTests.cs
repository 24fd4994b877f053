using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CcTracer.Storage;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Proxy;

public sealed class ProxyForwardingTests
{
    private static readonly HashSet<string> NotForwardedAsIs = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Content-Length", "Accept-Encoding", "Content-Type",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> RequestFixtures() => new(
        Path.Combine(FixturePaths.ClaudeCode2_1_197, "request-first-turn.json"),
        Path.Combine(FixturePaths.ClaudeCode2_1_332, "request-main-first.json"),
        Path.Combine(FixturePaths.ClaudeCode2_1_332, "request-subagent-first.json"),
        Path.Combine(FixturePaths.ClaudeCode2_1_332OneToolSession, "request-first-turn.json"));

    [Theory]
    [MemberData(nameof(RequestFixtures))]
    public async Task Headers_query_and_body_of_a_real_claude_code_request_reach_upstream_unchanged_and_are_logged(string fixturePath)
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        using var fixture = JsonDocument.Parse(await File.ReadAllBytesAsync(fixturePath, Ct));
        var body = Encoding.UTF8.GetBytes(fixture.RootElement.GetProperty("body").GetRawText());

        // The fixtures hold the key redacted (not a valid header value): send a key of the same shape instead.
        var headers = fixture.RootElement.GetProperty("headers").EnumerateObject().Where(h => !h.NameEquals("x-api-key")).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages?beta=true") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        foreach (var header in headers.Where(h => !NotForwardedAsIs.Contains(h.Name)))
        {
            Assert.True(request.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString()), header.Name);
        }

        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");
        request.Headers.TryAddWithoutValidation("x-api-key", "sk-ant-api03-" + new string('x', 95));
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(request, Ct);
        await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = await upstream.WaitForRequestAsync(1, Ct);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/v1/messages?beta=true", received.PathAndQuery);
        Assert.Equal(body, received.Body);
        foreach (var header in headers.Where(h => !NotForwardedAsIs.Contains(h.Name)))
        {
            Assert.Equal(header.Value.GetString(), received.Header(header.Name));
        }

        Assert.Equal("application/json", received.Header("Content-Type"));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Header("Content-Length"));
        Assert.Equal(upstream.BaseUri.Authority, received.Header("Host"));
        Assert.Equal("gzip, deflate, br", received.Header("Accept-Encoding"));
        Assert.Null(received.Header("traceparent"));

        var session = fixture.RootElement.GetProperty("headers").GetProperty("X-Claude-Code-Session-Id").GetString()!;
        var records = await tracer.WaitForRecordsAsync(session, rs => rs.Any(r => r.Type == RecordTypes.ApiResponse), Ct);
        var logged = Assert.Single(records, r => r.Type == RecordTypes.ApiRequest);
        Assert.Equal(body, logged.GetBody());
        Assert.Equal("gzip, deflate, br, zstd", logged.Root.GetProperty("headers").GetProperty("Accept-Encoding").GetString());

        // Every header is in the record, x-claude-code-agent-id (a subagent's calls) included.
        var loggedHeaders = logged.Root.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString(), StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers.Where(h => !NotForwardedAsIs.Contains(h.Name)))
        {
            Assert.Equal(header.Value.GetString(), loggedHeaders.GetValueOrDefault(header.Name));
        }
    }

    [Fact]
    public async Task A_gateway_base_path_is_kept_and_a_mapping_prefix_is_not_forwarded()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(request => ScriptedResponse.Json(200, """{"data":[]}"""), Ct);
        await using var tracer = await TracerHost.StartAsync(new Uri(upstream.BaseUri, "anthropic"), Ct);
        using var client = tracer.CreateClient();

        using var response = await client.GetAsync("v1/models?limit=5", Ct);

        Assert.Equal("""{"data":[]}""", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("/anthropic/v1/models?limit=5", (await upstream.WaitForRequestAsync(1, Ct)).PathAndQuery);
        var r = (await tracer.WaitForResponseAsync(SessionIds.Unattributed, Ct)).Root;
        Assert.True(r.GetProperty("complete").GetBoolean());
        Assert.Equal("""{"data":[]}""", r.GetProperty("body").GetRawText());
        Assert.False(r.TryGetProperty("message", out _));
    }

    [Fact]
    public async Task A_ten_megabyte_request_body_is_forwarded_intact()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        var filler = Convert.ToBase64String(RandomNumberGenerator.GetBytes(7_500_000));
        var body = Encoding.UTF8.GetBytes($$"""{"model":"m","stream":true,"messages":[{"role":"user","content":"{{filler}}"}]}""");
        Assert.True(body.Length > 10_000_000);

        var logged = await ForwardAsync(upstream, tracer, body);

        Assert.Equal(body.Length, logged.Root.GetProperty("body_bytes").GetInt32());
        Assert.Equal(body, logged.GetBody());
    }

    [Fact]
    public async Task A_request_body_that_is_not_utf8_is_forwarded_and_recorded_exactly_as_base64()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        byte[] body = [.. "{\"model\":\"m"u8, 0xFF, .. "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x"u8, 0xC3, .. "\"}]}"u8];

        var logged = await ForwardAsync(upstream, tracer, body);

        Assert.Equal(body, logged.Root.GetProperty("body_base64").GetBytesFromBase64());
        Assert.True(logged.Root.GetProperty("stream").GetBoolean());
        foreach (var file in Directory.EnumerateFiles(tracer.LogDirectory))
        {
            Assert.True(System.Text.Unicode.Utf8.IsValid(await File.ReadAllBytesAsync(file, Ct)), $"{file} holds bytes that are not UTF-8");
        }
    }

    [Fact]
    public async Task The_api_key_never_appears_in_full_in_the_log()
    {
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        await using var tracer = await TracerHost.StartAsync(upstream.BaseUri, Ct);
        var key = "sk-ant-api03-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(40));
        var bearer = "sk-ant-oat01-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(30));
        var session = Guid.NewGuid().ToString();
        using var request = ProxyStreamingTests.MessagesRequest(session, """{"stream":true}""");
        request.Headers.Remove("x-api-key");
        request.Headers.TryAddWithoutValidation("x-api-key", key);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(request, Ct);
        await response.Content.ReadAsByteArrayAsync(Ct);
        await tracer.WaitForResponseAsync(session, Ct);

        var received = await upstream.WaitForRequestAsync(1, Ct);
        Assert.Equal(key, received.Header("x-api-key"));
        Assert.Equal("Bearer " + bearer, received.Header("Authorization"));
        foreach (var file in Directory.EnumerateFiles(tracer.LogDirectory))
        {
            var text = await File.ReadAllTextAsync(file, Ct);
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(bearer, text, StringComparison.Ordinal);
            Assert.DoesNotContain(key[20..], text, StringComparison.Ordinal);
        }
    }

    /// <summary>Sends <paramref name="body"/> through the proxy; checks it reached upstream intact and returns its api_request record.</summary>
    private static async Task<StoredRecord> ForwardAsync(ScriptedUpstream upstream, TracerHost tracer, byte[] body)
    {
        var session = Guid.NewGuid().ToString();
        using var request = ProxyStreamingTests.MessagesRequest(session, "{}");
        request.Content = new ByteArrayContent(body);
        using var client = tracer.CreateClient();

        using var response = await client.SendAsync(request, Ct);
        await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, (await upstream.WaitForRequestAsync(1, Ct)).Body);
        var records = await tracer.WaitForRecordsAsync(session, rs => rs.Any(r => r.Type == RecordTypes.ApiResponse), Ct);
        return Assert.Single(records, r => r.Type == RecordTypes.ApiRequest);
    }
}
