using System.Text.Json.Nodes;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Analysis;

/// <summary>Cache verdicts and break explanations against known causes, on real Claude Code request bodies through the simulated cache.</summary>
public sealed class CacheBreakExplanationTests
{
    private static readonly JsonObject First = RequestBodies.FirstTurn();
    private static readonly JsonObject Second = RequestBodies.AfterToolResult();
    private static readonly JsonObject Third = RequestBodies.NextTurn(Second, "and now list the files");

    [Fact]
    public async Task A_growing_conversation_is_cold_then_hits_although_the_marker_moves_every_call()
    {
        var session = new AnalyzedSession();
        session.Call(First);
        session.Call(Second);
        session.Call(Third);
        session.Call(RequestBodies.NextTurn(Third, "thanks"));

        var calls = (await session.AnalyzeAsync()).Calls;
        Assert.Equal(["cold", "hit", "hit", "hit"], calls.Select(c => c.Cache.Verdict));
        Assert.All(calls, c => Assert.Null(c.Cache.Break));
        Assert.Equal(session.Log.Usages.Select(u => (long)u.CacheRead), calls.Select(c => c.Cache.ReadTokens));
    }

    [Fact]
    public async Task A_changed_date_in_the_system_prompt_is_named_with_where_and_what()
    {
        var session = new AnalyzedSession();
        session.Call(AnalyzedSession.Dated(First, "2026-12-02"));
        session.Call(AnalyzedSession.Dated(Second, "2026-12-02"));
        session.Call(AnalyzedSession.Dated(Third, "2026-12-03"));

        var call = (await session.AnalyzeAsync()).Calls[2];
        Assert.Equal("partial", call.Cache.Verdict);
        var cacheBreak = Assert.IsType<CcTracer.Analysis.Cache.CacheBreak>(call.Cache.Break);
        Assert.Equal("system", cacheBreak.At);
        var position = ((string)Second["system"]![2]!["text"]!).IndexOf("using your own judgment along the way.", StringComparison.Ordinal) + "using your own judgment along the way.\nToday's date is 2026-12-0".Length;
        Assert.Equal(position, cacheBreak.Diff!.Position);
        Assert.StartsWith($"system block 2 changed at character {position:N0}: `", cacheBreak.Detail, StringComparison.Ordinal);
        Assert.Contains("Today's date is 2026-12-02", cacheBreak.Diff.Before, StringComparison.Ordinal);
        Assert.Contains("2026-12-03", cacheBreak.Diff.After, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-12-02", cacheBreak.Diff.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_added_by_an_MCP_server_is_named_and_grouped_by_server()
    {
        var session = new AnalyzedSession();
        session.Call(First);
        session.Call(Second);
        session.Call(RequestBodies.WithTool(Third, "mcp__github__search"));

        var call = (await session.AnalyzeAsync()).Calls[2];
        Assert.Equal("miss", call.Cache.Verdict);
        Assert.Equal("tools", call.Cache.Break!.At);
        Assert.Equal("tool `mcp__github__search` was added", call.Cache.Break.Detail);
        var github = Assert.Single(call.Context!.ToolGroups, g => g.Name == "mcp:github");
        Assert.Equal("mcp__github__search", Assert.Single(github.Items!).Name);
    }

    [Fact]
    public async Task An_edited_earlier_message_is_named_by_index_and_what_it_holds()
    {
        // A Read of a long file, then Claude Code rewrites that old tool result (as context editing does).
        var second = (JsonObject)Second.DeepClone();
        second["messages"]![3]!["content"]![0]!["content"] = string.Concat(Enumerable.Repeat("line of the file that was read\n", 2000));
        var edited = RequestBodies.NextTurn(second, "and now list the files");
        edited["messages"]![3]!["content"]![0]!["content"] = "[cleared]";
        var session = new AnalyzedSession();
        session.Call(First);
        session.Call(second);
        session.Call(edited);

        var call = (await session.AnalyzeAsync()).Calls[2];
        Assert.Equal("partial", call.Cache.Verdict);
        Assert.Equal("messages", call.Cache.Break!.At);
        Assert.Equal("message 3 (tool_result for Bash) was edited", call.Cache.Break.Detail);
        Assert.Equal(3, call.Cache.Break.Diff!.Index);
    }

    [Fact]
    public async Task A_model_switch_is_named_and_misses()
    {
        var session = new AnalyzedSession();
        session.Call(First);
        session.Call(Second);
        session.Call(RequestBodies.With(Third, "model", "claude-sonnet-4-5"));

        var call = (await session.AnalyzeAsync()).Calls[2];
        Assert.Equal("miss", call.Cache.Verdict);
        Assert.Equal("model", call.Cache.Break!.At);
        Assert.Equal($"model changed from {First["model"]} to claude-sonnet-4-5", call.Cache.Break.Detail);
    }

    [Fact]
    public async Task A_changed_effort_is_a_parameter_break()
    {
        var session = new AnalyzedSession();
        session.Call(First);
        session.Call(Second);
        session.Call(RequestBodies.With(Third, "output_config", new JsonObject { ["effort"] = "high" }));

        var call = (await session.AnalyzeAsync()).Calls[2];
        Assert.Equal("params", call.Cache.Break!.At);
        Assert.StartsWith("`output_config` changed from {\"effort\":\"medium\"} to {\"effort\":\"high\"}", call.Cache.Break.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gap_longer_than_five_minutes_expires_the_cache()
    {
        var session = new AnalyzedSession();
        session.Call(First);
        session.Call(Second, after: TimeSpan.FromMinutes(6));
        session.Call(Third);

        var call = (await session.AnalyzeAsync()).Calls[2];
        Assert.Equal("expired", call.Cache.Verdict);
        Assert.Equal("ttl", call.Cache.Break!.At);
        Assert.Contains("6 min", call.Cache.Break.Detail, StringComparison.Ordinal);
        Assert.Contains("5 min cache lifetime", call.Cache.Break.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_hour_ttl_keeps_the_cache_over_the_same_gap()
    {
        static JsonObject OneHour(JsonObject body)
        {
            var copy = (JsonObject)body.DeepClone();
            foreach (var block in copy["system"]!.AsArray())
            {
                if (block!["cache_control"] is JsonObject marker)
                {
                    marker["ttl"] = "1h";
                }
            }

            return copy;
        }

        var session = new AnalyzedSession();
        session.Call(OneHour(First));
        session.Call(OneHour(Second), after: TimeSpan.FromMinutes(6));
        session.Call(OneHour(Third));

        var calls = (await session.AnalyzeAsync()).Calls;
        Assert.Equal("partial", calls[2].Cache.Verdict);
        Assert.Equal(TimeSpan.FromHours(1), calls[2].Cache.Ttl);
        Assert.Equal("unknown", calls[2].Cache.Break!.At);
    }

    [Fact]
    public async Task Subagents_and_tool_less_calls_are_compared_within_their_own_threads()
    {
        var session = new AnalyzedSession();
        session.Call(First);
        session.Call(RequestBodies.With(First, "tools", new JsonArray()));
        session.Call(Second, headers: new Dictionary<string, string> { ["x-claude-code-agent-id"] = "agent-7" });
        session.Call(Second);

        var calls = (await session.AnalyzeAsync()).Calls;
        Assert.Equal(["main", "utility", "agent:agent-7", "main"], calls.Select(c => c.ThreadKey));
        Assert.Equal(calls[0].Seq, calls[3].Cache.Break?.ComparedWithSeq ?? calls[0].Seq);
        Assert.Equal("hit", calls[3].Cache.Verdict);
    }

    [Fact]
    public async Task The_API_s_own_diagnosis_is_shown_beside_ours()
    {
        var session = new AnalyzedSession();
        session.Call(First);
        session.Call(Second);
        session.Call(RequestBodies.With(Third, "model", "claude-haiku-4-5"), messageExtras: new JsonObject { ["diagnostics"] = new JsonObject { ["cache_miss_reason"] = "model_changed" } });

        var call = (await session.AnalyzeAsync()).Calls[2];
        Assert.Equal("\"model_changed\"", call.Cache.ApiReasonJson);
        Assert.Equal("model", call.Cache.Break!.At);
    }
}
