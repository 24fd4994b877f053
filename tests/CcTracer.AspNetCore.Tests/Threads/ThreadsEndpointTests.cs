using System.Net;
using System.Text.Json;
using CcTracer.AspNetCore.Tests.Ui;
using CcTracer.TestKit.Threads;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Threads;

/// <summary><c>GET /api/sessions/{id}/threads</c> over the real CLI's subagent session (fixture <c>subagents.jsonl</c>).</summary>
public sealed class ThreadsEndpointTests
{
    private const string SessionId = "subagents-fixture";

    [Fact]
    public async Task Threads_give_each_call_its_thread_and_each_subagent_its_agent_call()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        CopyFixture(tracer.LogDirectory, "subagents", SessionId);
        using var client = tracer.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var threads = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{SessionId}/threads", ct));
        var root = threads.RootElement;
        var lanes = root.GetProperty("threads").EnumerateArray().ToList();
        Assert.Equal(6, lanes.Count);
        var main = Assert.Single(lanes, t => t.GetProperty("kind").GetString() == "main");
        Assert.Equal(JsonValueKind.Null, main.GetProperty("parent").ValueKind);
        var inner = Assert.Single(lanes, t => t.GetProperty("tool_use_id").GetString() == SubagentSession.InnerToolUseId);
        var outer = Assert.Single(lanes, t => t.GetProperty("tool_use_id").GetString() == SubagentSession.NestedToolUseId);
        Assert.Equal(outer.GetProperty("id").GetString(), inner.GetProperty("parent").GetString());
        Assert.Equal("general-purpose", inner.GetProperty("agent_type").GetString());
        Assert.Equal(SubagentSession.InnerPrompt, inner.GetProperty("prompt").GetString());
        Assert.True(inner.GetProperty("first_ts").GetDateTimeOffset() <= inner.GetProperty("last_ts").GetDateTimeOffset());

        var calls = root.GetProperty("calls").EnumerateArray().ToList();
        Assert.Equal(lanes.Sum(t => t.GetProperty("calls").GetArrayLength()), calls.Count);
        var innerCall = Assert.Single(calls, c => c.GetProperty("thread").GetProperty("id").GetString() == inner.GetProperty("id").GetString());
        Assert.Equal(inner.GetProperty("calls")[0].GetInt64(), innerCall.GetProperty("seq").GetInt64());
        Assert.True(innerCall.GetProperty("response_seq").GetInt64() > innerCall.GetProperty("seq").GetInt64());
        Assert.True(innerCall.GetProperty("thread").GetProperty("exact").GetBoolean());
        Assert.Contains("x-claude-code-agent-id", innerCall.GetProperty("thread").GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, root.GetProperty("compactions").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("resumed_from").ValueKind);

        // ?after= gives only newer calls, with every thread, for a live view's refresh.
        var last = calls[^1].GetProperty("seq").GetInt64();
        using var newer = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{SessionId}/threads?after={last - 1}", ct));
        Assert.Equal(last, Assert.Single(newer.RootElement.GetProperty("calls").EnumerateArray()).GetProperty("seq").GetInt64());
        Assert.Equal(6, newer.RootElement.GetProperty("threads").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_session_has_no_threads()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        using var response = await client.GetAsync("/api/sessions/nobody/threads", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, body.RootElement.GetProperty("threads").GetArrayLength());
    }

    internal static void CopyFixture(string logDirectory, string fixture, string sessionId)
    {
        Directory.CreateDirectory(logDirectory);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "claude-code-2.1.332-threads", fixture + ".jsonl"), Path.Combine(logDirectory, sessionId + ".jsonl"));
    }
}
