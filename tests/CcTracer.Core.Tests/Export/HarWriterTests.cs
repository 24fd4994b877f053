using System.Text;
using System.Text.Json;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Export;

public sealed class HarWriterTests : IDisposable
{
    private readonly string _dir = ExportFiles.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task The_export_is_valid_HAR_1_2_for_the_validator_package(bool realCapture, bool noContent)
    {
        var session = realCapture ? Path.Combine(AppContext.BaseDirectory, "fixtures", "sessions", "one-tool-session.jsonl") : MarkedSession.Write(_dir);
        var har = Path.Combine(_dir, "out.har");
        await File.WriteAllTextAsync(har, await ExportFiles.HarAsync(session, noContent), TestContext.Current.CancellationToken);

        var errors = await HarValidator.ValidateAsync(har, TestContext.Current.CancellationToken);

        Assert.Null(errors);
    }

    [Fact]
    public async Task The_validator_rejects_a_HAR_without_timings()
    {
        // The validator must be able to fail: drop a required member and it says so.
        using var good = JsonDocument.Parse(await ExportFiles.HarAsync(MarkedSession.Write(_dir)));
        var broken = good.RootElement.GetRawText().Replace("\"timings\":", "\"timingz\":", StringComparison.Ordinal);
        var har = Path.Combine(_dir, "broken.har");
        await File.WriteAllTextAsync(har, broken, TestContext.Current.CancellationToken);

        Assert.NotNull(await HarValidator.ValidateAsync(har, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Each_call_is_one_entry_with_stored_headers_bodies_and_wait_and_receive_timings()
    {
        var session = MarkedSession.Write(_dir);

        using var har = JsonDocument.Parse(await ExportFiles.HarAsync(session));

        var entries = har.RootElement.GetProperty("log").GetProperty("entries");
        Assert.Equal(3, entries.GetArrayLength());
        var first = entries[0];
        var timings = first.GetProperty("timings");
        Assert.Equal(120.5, timings.GetProperty("wait").GetDouble());
        Assert.Equal(400.75 - 120.5, timings.GetProperty("receive").GetDouble(), 6);
        Assert.Equal(-1, timings.GetProperty("dns").GetInt32());
        Assert.Equal(0, timings.GetProperty("send").GetInt32());
        Assert.Equal(400.75, first.GetProperty("time").GetDouble(), 6);
        Assert.Equal("2026-11-25T02:48:47.250Z", first.GetProperty("startedDateTime").GetString());
        var request = first.GetProperty("request");
        Assert.Equal("http://127.0.0.1:7355/v1/messages?beta=true", request.GetProperty("url").GetString());
        Assert.Contains(request.GetProperty("headers").EnumerateArray(), h => h.GetProperty("name").GetString() == "x-api-key" && h.GetProperty("value").GetString() == "sk-ant-api03-…[redacted 108 chars]");
        Assert.Contains(MarkedSession.Prompt, request.GetProperty("postData").GetProperty("text").GetString());
        var content = first.GetProperty("response").GetProperty("content");
        Assert.StartsWith("event: message_start\n", content.GetProperty("text").GetString());
        Assert.Equal("text/event-stream; charset=utf-8", content.GetProperty("mimeType").GetString());
        Assert.False(content.TryGetProperty("encoding", out _));
        Assert.Equal("ex_main_1", first.GetProperty("_cc_tracer").GetProperty("exchange_id").GetString());
        Assert.Equal(MarkedSession.SessionId, first.GetProperty("_cc_tracer").GetProperty("session_id").GetString());
        Assert.False(first.TryGetProperty("serverIPAddress", out _));
    }

    [Fact]
    public async Task A_body_that_is_not_UTF8_is_base64_with_its_encoding_and_a_call_without_response_still_has_one()
    {
        var session = MarkedSession.Write(_dir);
        var binary = new byte[] { 0x1f, 0x8b, 0xff, 0xfe, 0x00, 0x41 };
        await File.AppendAllLinesAsync(session, [
            $$$"""{"v":1,"seq":20,"type":"api_request","ts":"2026-11-25T02:49:00.000Z","session_id":"{{{MarkedSession.SessionId}}}","exchange_id":"ex_bin","method":"POST","path":"/v1/files","kind":"other","headers":{"Host":"127.0.0.1:7355"},"body_bytes":2,"body":{}}""",
            $$$"""{"v":1,"seq":21,"type":"api_response","ts":"2026-11-25T02:49:00.100Z","session_id":"{{{MarkedSession.SessionId}}}","exchange_id":"ex_bin","status":200,"headers":{"Content-Type":"application/octet-stream"},"body_bytes":6,"body_base64":"{{{Convert.ToBase64String(binary)}}}","complete":true,"error":null,"timings":{"ttfb_ms":5,"total_ms":9}}""",
            $$$"""{"v":1,"seq":22,"type":"api_request","ts":"2026-11-25T02:49:01.000Z","session_id":"{{{MarkedSession.SessionId}}}","exchange_id":"ex_lost","method":"POST","path":"/v1/messages","kind":"messages","headers":{"Host":"127.0.0.1:7355"},"body_bytes":2,"body":{}}""",
        ], TestContext.Current.CancellationToken);
        var path = Path.Combine(_dir, "bin.har");
        await File.WriteAllTextAsync(path, await ExportFiles.HarAsync(session), TestContext.Current.CancellationToken);

        using var har = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));

        var entries = har.RootElement.GetProperty("log").GetProperty("entries");
        var content = entries[3].GetProperty("response").GetProperty("content");
        Assert.Equal("base64", content.GetProperty("encoding").GetString());
        Assert.Equal(binary, Convert.FromBase64String(content.GetProperty("text").GetString()!));
        Assert.Equal(0, entries[4].GetProperty("response").GetProperty("status").GetInt32());
        Assert.Null(await HarValidator.ValidateAsync(path, TestContext.Current.CancellationToken));
    }
}
