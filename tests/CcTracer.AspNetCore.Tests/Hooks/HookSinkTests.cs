using System.Net;
using System.Text;
using System.Text.Json;
using CcTracer.Storage;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Hooks;

public sealed class HookSinkTests
{
    private const string Session = "69291977-120d-4f2a-bfbc-187768282b87";

    [Fact]
    public async Task Every_fixture_hook_is_answered_200_empty_and_logged_byte_for_byte()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        var files = Directory.GetFiles(FixturePaths.ClaudeCode2_1_197, "hook-*.json").Order().ToArray();
        var sent = new List<byte[]>();
        foreach (var file in files)
        {
            // Claude Code posts compact JSON; send both the fixture as-is and compacted.
            var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            var compact = JsonSerializer.SerializeToUtf8Bytes(JsonDocument.Parse(bytes).RootElement);
            foreach (var body in new[] { bytes, compact })
            {
                using var response = await client.PostAsync("/hooks", new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } }, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
                sent.Add(body);
            }
        }

        var records = await tracer.RecordsAsync(Session);
        Assert.Equal(sent.Count, records.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var r = records[i];
            Assert.Equal(RecordTypes.Hook, r.Type);
            var stored = r.Root.TryGetProperty("payload", out var p) ? Encoding.UTF8.GetBytes(p.GetRawText()) : Encoding.UTF8.GetBytes(r.Root.GetProperty("payload_text").GetString()!);
            Assert.Equal(sent[i], stored);
        }

        var pre = records.First(r => r.Root.GetProperty("event").GetString() == "PreToolUse");
        Assert.Equal("toolu_01", pre.Root.GetProperty("tool_use_id").GetString());
    }

    public static TheoryData<string> EveryReleaseFixture() => new(FixturePaths.AllHookFixtures.Select(f => Path.GetRelativePath(AppContext.BaseDirectory, f)));

    [Theory]
    [MemberData(nameof(EveryReleaseFixture))]
    public async Task Every_hook_fixture_of_every_release_is_answered_200_and_logged_byte_for_byte(string fixture)
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, fixture), TestContext.Current.CancellationToken);
        using var parsed = JsonDocument.Parse(bytes);

        using var response = await client.PostAsync("/hooks", new ByteArrayContent(bytes) { Headers = { { "Content-Type", "application/json" } } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await tracer.RecordsAsync(parsed.RootElement.GetProperty("session_id").GetString()!));
        Assert.Equal(parsed.RootElement.GetProperty("hook_event_name").GetString(), record.Root.GetProperty("event").GetString());
        Assert.Equal(bytes, Encoding.UTF8.GetBytes(record.Root.GetProperty("payload_text").GetString()!));
    }

    [Fact]
    public async Task Unknown_hook_events_are_kept_with_every_field()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        var body = $"{{\"session_id\":\"{Session}\",\"hook_event_name\":\"BrandNewEvent2027\",\"novel\":{{\"x\":[1,2,3]}}}}";
        using var response = await client.PostAsync("/hooks/BrandNewEvent2027", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await tracer.RecordsAsync(Session));
        Assert.Equal("BrandNewEvent2027", record.Root.GetProperty("event").GetString());
        Assert.Equal(body, record.Root.GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task Event_name_from_the_url_is_used_when_the_payload_lacks_one()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        using var response = await client.PostAsync("/hooks/SessionStart", new StringContent($"{{\"session_id\":\"{Session}\"}}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SessionStart", Assert.Single(await tracer.RecordsAsync(Session)).Root.GetProperty("event").GetString());
    }

    [Theory]
    [InlineData("{\"session_id\":\"s-bad\",\"x\":")]
    [InlineData("[1,2]")]
    [InlineData("")]
    [InlineData("{\"session_id\":\"s-bad\"} trailing")]
    public async Task Malformed_payload_gets_400_json_and_is_still_logged_raw(string body)
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        using var response = await client.PostAsync("/hooks", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("invalid_hook_payload", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetProperty("message").GetString()));

        var sessionId = body.Contains("s-bad", StringComparison.Ordinal) ? "s-bad" : SessionIds.Unattributed;
        var record = Assert.Single(await tracer.RecordsAsync(sessionId));
        Assert.Equal(RecordTypes.HookRejected, record.Type);
        Assert.Equal(Encoding.UTF8.GetBytes(body), record.GetBody());
    }

    [Fact]
    public async Task Several_megabyte_payload_is_accepted()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        var content = new string('a', 8 * 1024 * 1024);
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["session_id"] = "s-big",
            ["hook_event_name"] = "PostToolUse",
            ["tool_use_id"] = "toolu_big",
            ["tool_response"] = new Dictionary<string, string> { ["content"] = content },
        });
        using var response = await client.PostAsync("/hooks", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await tracer.RecordsAsync("s-big"));
        Assert.Equal(content.Length, record.Root.GetProperty("payload").GetProperty("tool_response").GetProperty("content").GetString()!.Length);
    }
    [Fact]
    public async Task Payload_that_is_not_utf8_is_kept_exactly_as_base64_and_every_line_stays_json()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();

        // A tool's output can hold any bytes (a binary file cat'ed to the terminal): 0xFF and a cut sequence.
        byte[] body = [.. "{\"session_id\":\"s-bytes\",\"hook_event_name\":\"PostToolUse\",\"tool_use_id\":\"toolu_b\",\"tool_response\":{\"stdout\":\"a"u8, 0xFF, 0xC3, .. "b\"}}"u8];
        using var response = await client.PostAsync("/hooks", new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var record = Assert.Single(await tracer.RecordsAsync("s-bytes"));
        Assert.Equal("PostToolUse", record.Root.GetProperty("event").GetString());
        Assert.Equal("toolu_b", record.Root.GetProperty("tool_use_id").GetString());
        Assert.True(record.Root.GetProperty("payload_not_utf8").GetBoolean());
        Assert.Equal(body, record.Root.GetProperty("payload_base64").GetBytesFromBase64());

        var file = Path.Combine(tracer.LogDirectory, "s-bytes.jsonl");
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        Assert.True(System.Text.Unicode.Utf8.IsValid(bytes), "the log holds bytes that are not UTF-8");
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var parsed = JsonDocument.Parse(line);
        }

        using var records = JsonDocument.Parse(await client.GetStringAsync("/api/sessions/s-bytes/records", TestContext.Current.CancellationToken));
        var summary = Assert.Single(records.RootElement.EnumerateArray().ToArray());
        Assert.True(summary.GetProperty("payload_not_utf8").GetBoolean());
        Assert.Contains("not UTF-8", summary.GetProperty("preview").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_id_that_is_not_utf8_is_answered_200_and_filed_unattributed()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        byte[] body = [.. "{\"session_id\":\"s"u8, 0xFF, .. "\",\"hook_event_name\":\"Stop\"}"u8];
        using var response = await client.PostAsync("/hooks", new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(await tracer.RecordsAsync(SessionIds.Unattributed));
        Assert.Equal(body, record.Root.GetProperty("payload_base64").GetBytesFromBase64());
    }
}
