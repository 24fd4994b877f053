using System.Net.Http.Json;
using System.Text.Json;
using CcTracer.TestKit;
using CcTracer.TestKit.Threads;
using CcTracer.Tool.Tests.EndToEnd;
using CcTracer.Tool.Tests.Support;
using Xunit;

namespace CcTracer.Tool.Tests.Threads;

/// <summary>
/// The real Claude Code CLI, started by <c>cc-tracer start</c>, runs a session with a single, two
/// parallel and a nested subagent, then a forked resume of it; the running tracer's API shows one
/// lane per thread, each subagent's prompt and answer, and the fork linked to its session.
/// </summary>
[Collection(SubagentRuns.Collection)]
public sealed class ThreadsEndToEndTests
{
    [Fact]
    public async Task The_api_shows_a_lane_per_subagent_with_its_prompt_and_answer_and_links_the_fork()
    {
        var claude = ClaudeCli.FindOrSkip();
        var ct = TestContext.Current.CancellationToken;
        await using var upstream = await ScriptedUpstream.StartAsync(SubagentSession.Respond, ct);
        await using var sandbox = new ToolSandbox();

        var (sessionId, _, _) = await SubagentRuns.RunWithForkAsync(sandbox, claude, upstream);

        // The tracer `start` left running serves the API.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sandbox.PortText}/") };
        using var threads = JsonDocument.Parse(await PollAsync(client, $"api/sessions/{sessionId}/threads", body => body.Contains(SubagentSession.InnerToolUseId, StringComparison.Ordinal) && body.Contains("\"continued_by\":[\"", StringComparison.Ordinal), ct));
        var lanes = threads.RootElement.GetProperty("threads").EnumerateArray().ToList();
        Assert.Single(lanes, t => t.GetProperty("kind").GetString() == "main");
        var subagents = lanes.Where(t => t.GetProperty("kind").GetString() == "subagent").ToList();
        Assert.Equal(5, subagents.Count);
        var calls = threads.RootElement.GetProperty("calls").EnumerateArray().ToList();
        Assert.All(calls, c => Assert.True(c.GetProperty("thread").GetProperty("exact").GetBoolean(), c.GetRawText()));

        // Each subagent lane: its Agent call, its prompt, and its last call's answer, read through the API.
        (string ToolUseId, string Prompt, string Answer, string? ParentToolUseId)[] expected =
        [
            (SubagentSession.SingleToolUseId, SubagentSession.SinglePrompt, SubagentSession.SingleAnswer, null),
            (SubagentSession.ParallelToolUseId1, SubagentSession.Parallel1Prompt, SubagentSession.Parallel1Answer, null),
            (SubagentSession.ParallelToolUseId2, SubagentSession.Parallel2Prompt, SubagentSession.Parallel2Answer, null),
            (SubagentSession.NestedToolUseId, SubagentSession.OuterPrompt, SubagentSession.OuterAnswer, null),
            (SubagentSession.InnerToolUseId, SubagentSession.InnerPrompt, SubagentSession.InnerAnswer, SubagentSession.NestedToolUseId),
        ];
        foreach (var (toolUseId, prompt, answer, parentToolUseId) in expected)
        {
            var lane = Assert.Single(subagents, t => t.GetProperty("tool_use_id").GetString() == toolUseId);
            Assert.Equal(prompt, lane.GetProperty("prompt").GetString());
            var parent = Assert.Single(lanes, t => t.GetProperty("id").GetString() == lane.GetProperty("parent").GetString());
            Assert.Equal(parentToolUseId, parent.GetProperty("tool_use_id").GetString());
            var lastCall = Assert.Single(calls, c => c.GetProperty("seq").GetInt64() == lane.GetProperty("calls").EnumerateArray().Last().GetInt64());
            using var response = JsonDocument.Parse(await client.GetStringAsync($"api/sessions/{sessionId}/records/{lastCall.GetProperty("response_seq").GetInt64()}", ct));
            var text = response.RootElement.GetProperty("message").GetProperty("content").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "text");
            Assert.Equal(answer, text.GetProperty("text").GetString());
        }

        // The fork has its own session id, linked both ways, and the picker groups the two.
        var forkId = threads.RootElement.GetProperty("continued_by")[0].GetString()!;
        Assert.NotEqual(sessionId, forkId);
        using var forkThreads = JsonDocument.Parse(await client.GetStringAsync($"api/sessions/{forkId}/threads", ct));
        Assert.Equal(sessionId, forkThreads.RootElement.GetProperty("resumed_from").GetString());
        var sessions = await client.GetFromJsonAsync<JsonElement>("api/sessions", ct);
        Assert.All(sessions.EnumerateArray(), s => Assert.Equal(sessionId, s.GetProperty("group").GetString()));

        Assert.True((await TracedClaude.StopAsync(sandbox)).ExitCode == 0);
    }

    private static async Task<string> PollAsync(HttpClient client, string path, Func<string, bool> done, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var body = await client.GetStringAsync(path, timeout.Token);
            if (done(body))
            {
                return body;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
