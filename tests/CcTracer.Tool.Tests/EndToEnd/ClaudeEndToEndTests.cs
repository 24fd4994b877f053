using System.Text.Json;
using CcTracer.Storage;
using CcTracer.TestKit;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.EndToEnd;

/// <summary>
/// The product's most important test: the real Claude Code CLI, started by <c>cc-tracer start</c>,
/// runs a one-tool session against a scripted upstream, and the session log holds all of it.
/// </summary>
public sealed class ClaudeEndToEndTests
{
    [Fact]
    public async Task A_traced_claude_session_is_captured_whole_and_stop_restores_everything()
    {
        var claude = ClaudeCli.FindOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await ScriptedUpstream.StartAsync(ScriptedClaudeSession.Respond, ct);
        await using var sandbox = new ToolSandbox();
        var original = sandbox.WriteOriginalSettings();

        var run = await TracedClaude.StartAsync(sandbox, claude, upstream.BaseUri);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(ScriptedClaudeSession.FinalText, run.Stdout, StringComparison.Ordinal);

        // Stop first, with a UI tab's live stream open: it flushes every pending record, so what
        // follows reads the complete log, and it ends the stream rather than waiting for it.
        using var liveTab = await LiveClient.ConnectAsync(sandbox.Port, ct);
        var stop = await TracedClaude.StopAsync(sandbox);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True(await liveTab.EndedCleanlyAsync(TimeSpan.FromSeconds(60), ct), "the live stream was cut, not ended");
        Assert.Equal(original, File.ReadAllBytes(sandbox.SettingsPath));
        Assert.True(sandbox.PortIsFree());

        var sessionIds = upstream.Requests.Select(r => r.Header("X-Claude-Code-Session-Id")).Where(id => id is not null).Distinct().ToList();
        var sessionId = Assert.Single(sessionIds)!;
        var logFiles = Directory.GetFiles(sandbox.LogDirectory, "*.jsonl");
        Assert.Equal(sessionId + ".jsonl", Path.GetFileName(Assert.Single(logFiles)));
        var records = await ReadAsync(logFiles[0], ct);
        Assert.All(records, r => Assert.Equal(sessionId, r.SessionId));

        // Both main-loop turns, reassembled.
        var responses = records.Where(r => r.Type == "api_response").ToList();
        var requests = records.Where(r => r.Type == "api_request").ToList();
        // Nothing lost: every call upstream saw (the title call included) is in the log, both halves.
        var upstreamCalls = upstream.Requests.Count(r => r.PathAndQuery.StartsWith("/v1/", StringComparison.Ordinal));
        Assert.Equal(upstreamCalls, requests.Count);
        Assert.Equal(upstreamCalls, responses.Count);
        Assert.Equal(requests.Select(r => r.Root.GetProperty("exchange_id").GetString()).Order(), responses.Select(r => r.Root.GetProperty("exchange_id").GetString()).Order());
        var toolTurn = Assert.Single(responses, r => MessageId(r) == "msg_01E2ETool");
        var finalTurn = Assert.Single(responses, r => MessageId(r) == "msg_01E2EFinal");
        var toolMessage = toolTurn.Root.GetProperty("message");
        var thinking = Assert.Single(toolMessage.GetProperty("content").EnumerateArray(), b => b.GetProperty("type").GetString() == "thinking");
        Assert.Equal(ScriptedClaudeSession.ThinkingText, thinking.GetProperty("thinking").GetString());
        var toolUse = Assert.Single(toolMessage.GetProperty("content").EnumerateArray(), b => b.GetProperty("type").GetString() == "tool_use");
        Assert.Equal(ScriptedClaudeSession.ToolUseId, toolUse.GetProperty("id").GetString());
        Assert.Equal("echo hi", toolUse.GetProperty("input").GetProperty("command").GetString());
        Assert.Equal(123, toolTurn.Root.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(45, toolTurn.Root.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.True(toolTurn.Root.GetProperty("complete").GetBoolean());
        var finalText = Assert.Single(finalTurn.Root.GetProperty("message").GetProperty("content").EnumerateArray(), b => b.GetProperty("type").GetString() == "text");
        Assert.Equal(ScriptedClaudeSession.FinalText, finalText.GetProperty("text").GetString());
        Assert.Equal(9, finalTurn.Root.GetProperty("usage").GetProperty("output_tokens").GetInt32());

        // Every hook of the session, under the same session id.
        var hooks = records.Where(r => r.Type == "hook").ToList();
        var events = hooks.Select(h => h.Root.GetProperty("event").GetString()).ToHashSet();
        foreach (var expected in new[] { "SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop", "SessionEnd" })
        {
            Assert.Contains(expected, events);
        }

        // tool_use_id joins the tool_use block, both tool hooks and the tool_result in the next request.
        Assert.Equal(ScriptedClaudeSession.ToolUseId, Assert.Single(hooks, h => h.Root.GetProperty("event").GetString() == "PreToolUse").Root.GetProperty("tool_use_id").GetString());
        Assert.Equal(ScriptedClaudeSession.ToolUseId, Assert.Single(hooks, h => h.Root.GetProperty("event").GetString() == "PostToolUse").Root.GetProperty("tool_use_id").GetString());
        var finalExchange = finalTurn.Root.GetProperty("exchange_id").GetString();
        var finalRequest = Assert.Single(requests, r => r.Root.GetProperty("exchange_id").GetString() == finalExchange);
        // Claude Code sends compact JSON, so the log embeds it byte-for-byte (not as an escaped string).
        Assert.True(finalRequest.Root.TryGetProperty("body", out _), "the request body should be embedded as JSON");
        var logged = finalRequest.GetBody();
        Assert.Contains(upstream.Requests, r => r.Body.AsSpan().SequenceEqual(logged));
        using var finalBody = JsonDocument.Parse(finalRequest.GetBody());
        var toolResult = finalBody.RootElement.GetProperty("messages").EnumerateArray().Last()
            .GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "tool_result");
        Assert.Equal(ScriptedClaudeSession.ToolUseId, toolResult.GetProperty("tool_use_id").GetString());

        // The key never reaches the log.
        Assert.DoesNotContain(ClaudeCli.ApiKey, await File.ReadAllTextAsync(logFiles[0], ct), StringComparison.Ordinal);

        // Tracing changes nothing claude prints: the same session without the tracer prints the same.
        var untraced = await ClaudeCli.RunAsync(claude, Path.Combine(sandbox.Root, "untraced-project"), Path.Combine(sandbox.Root, "untraced-home"), upstream.BaseUri, ct);
        Assert.True(untraced.ExitCode == 0, untraced.ToString());
        Assert.Equal(untraced.Stdout, run.Stdout);
    }

    private static string? MessageId(StoredRecord record)
        => record.Root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var id) ? id.GetString() : null;

    internal static async Task<List<StoredRecord>> ReadAsync(string path, CancellationToken ct)
    {
        var records = new List<StoredRecord>();
        await foreach (var record in SessionLogReader.ReadFileAsync(path, 0, w => Assert.Fail("unreadable log line: " + w), ct))
        {
            records.Add(record);
        }

        return records;
    }
}
