using System.Text.Json;
using CcTracer.Storage;
using CcTracer.TestKit;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>
/// The real Claude Code CLI meets an <c>event: error</c> mid-stream (the upstream then ends the response):
/// the record names the API's error, not how the connection ended. Nothing here depends on what the CLI
/// prints (2.1.197 and 2.1.332 word it differently).
/// </summary>
public sealed class ClaudeStreamErrorEndToEndTests
{
    private const string PartialText = "Let me look at th";

    [Fact]
    public async Task An_error_event_mid_stream_is_recorded_as_the_api_error_with_the_transport_outcome_apart()
    {
        var claude = ClaudeCli.FindOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await ScriptedUpstream.StartAsync(Respond, ct);
        await using var sandbox = new ToolSandbox();
        sandbox.WriteOriginalSettings();

        var run = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri);

        // The session fails; how the CLI words it is its own business.
        Assert.True(run.ExitCode != 0, run.ToString());
        var stop = await TracedClaude.StopAsync(sandbox);
        Assert.True(stop.ExitCode == 0, stop.ToString());

        var logFile = Assert.Single(Directory.GetFiles(sandbox.LogDirectory, "*.jsonl"));
        var records = new List<StoredRecord>();
        await foreach (var record in SessionLogReader.ReadFileAsync(logFile, 0, w => Assert.Fail("unreadable log line: " + w), ct))
        {
            records.Add(record);
        }

        // Every main-loop attempt the CLI made (it may retry) got the error event.
        var failed = records.Where(r => r.Type == RecordTypes.ApiResponse && MessageId(r) == "msg_01E2EOverloaded").ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, r =>
        {
            var root = r.Root;
            Assert.False(root.GetProperty("complete").GetBoolean());
            Assert.Equal("Overloaded", root.GetProperty("error").GetString());
            Assert.Equal("overloaded_error", root.GetProperty("api_error").GetProperty("type").GetString());
            Assert.Equal("Overloaded", root.GetProperty("api_error").GetProperty("message").GetString());

            // The transport outcome, if the connection did not end cleanly, is its own field.
            if (root.TryGetProperty("transport_error", out var transport))
            {
                Assert.NotEqual(root.GetProperty("error").GetString(), transport.GetString());
            }

            Assert.Equal(PartialText, root.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
        });
    }

    private static ScriptedResponse? Respond(ScriptedRequest request)
    {
        if (!request.PathAndQuery.StartsWith("/v1/messages", StringComparison.Ordinal) || request.PathAndQuery.StartsWith("/v1/messages/count_tokens", StringComparison.Ordinal))
        {
            return null;
        }

        using var body = JsonDocument.Parse(request.Body);
        if (ScriptedClaudeSession.IsTitleCall(body.RootElement))
        {
            return ScriptedResponse.Stream(new SseScript(messageId: "msg_01E2ETitle").Text("""{"title":"Run echo hi"}""", chunks: 2).Build());
        }

        return ScriptedResponse.Stream(new SseScript(messageId: "msg_01E2EOverloaded").Text(PartialText, chunks: 2).Error().Build());
    }

    private static string? MessageId(StoredRecord record)
        => record.Root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var id) ? id.GetString() : null;
}
