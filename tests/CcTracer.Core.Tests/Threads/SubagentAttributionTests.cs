using CcTracer.TestKit.Threads;
using CcTracer.Threads;
using Xunit;

namespace CcTracer.Core.Tests.Threads;

/// <summary>
/// Attribution of the real CLI's session with a single, two parallel and a nested subagent
/// (fixture <c>subagents.jsonl</c>): exact from the agent header and hooks, and the same threads
/// inferred when only the requests' shapes remain (as with 2.1.197).
/// </summary>
public sealed class SubagentAttributionTests
{
    [Fact]
    public async Task Every_call_gets_its_exact_thread_from_the_agent_header_and_hooks()
    {
        var attributor = ThreadFixtureLog.Attribute(await ThreadFixtureLog.ReadAsync("subagents"));

        var main = Assert.Single(attributor.Threads, t => t.Kind == ThreadKinds.Main);
        Assert.Equal(4, main.Calls.Count);
        Assert.All(attributor.Calls, c => Assert.True(c.Exact, $"call {c.Seq}: {c.Why}"));
        var single = ThreadOf(attributor, SubagentSession.SingleToolUseId);
        var par1 = ThreadOf(attributor, SubagentSession.ParallelToolUseId1);
        var par2 = ThreadOf(attributor, SubagentSession.ParallelToolUseId2);
        var outer = ThreadOf(attributor, SubagentSession.NestedToolUseId);
        var inner = ThreadOf(attributor, SubagentSession.InnerToolUseId);
        Assert.Equal([2, 2, 1, 2, 1], new[] { single, par1, par2, outer, inner }.Select(t => t.Calls.Count));
        Assert.All(new[] { single, par1, par2, outer }, t => Assert.Equal(main.Id, t.Parent));
        Assert.Equal(outer.Id, inner.Parent);
        Assert.All(new[] { single, par1, par2, outer, inner }, t =>
        {
            Assert.Equal("general-purpose", t.AgentType);
            Assert.Equal(t.Id, t.AgentId);
            Assert.StartsWith("a", t.Id, StringComparison.Ordinal);
            Assert.True(t.Exact);
        });
        Assert.Equal("Pair two", par2.Description);
        Assert.Equal(SubagentSession.InnerPrompt, inner.Prompt);
        Assert.Equal(attributor.Calls.Count, attributor.Threads.Sum(t => t.Calls.Count));
        Assert.All(attributor.Calls, c => Assert.NotNull(c.ResponseSeq));
        Assert.Empty(attributor.Compactions);
    }

    [Fact]
    public async Task Without_the_agent_header_the_same_threads_are_inferred_from_the_requests()
    {
        var exact = ThreadFixtureLog.Attribute(await ThreadFixtureLog.ReadAsync("subagents"));
        var inferred = ThreadFixtureLog.Attribute(await ThreadFixtureLog.ReadAsync("subagents", ThreadFixtureLog.WithoutAgentSignals));

        // The same partition of calls, the same Agent call behind each subagent, the same nesting.
        Assert.Equal(Partition(exact), Partition(inferred));
        Assert.All(inferred.Calls.Where(c => c.Thread.Kind == ThreadKinds.Subagent), c => Assert.False(c.Exact, $"call {c.Seq} claims to be exact: {c.Why}"));
        var outer = ThreadOf(inferred, SubagentSession.NestedToolUseId);
        Assert.Equal(outer.Id, ThreadOf(inferred, SubagentSession.InnerToolUseId).Parent);
        Assert.Equal("main", ThreadOf(inferred, SubagentSession.ParallelToolUseId1).Parent);
        Assert.Equal("general-purpose", outer.AgentType);
        Assert.Contains(SubagentSession.SingleToolUseId, ThreadOf(inferred, SubagentSession.SingleToolUseId).Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fed_one_record_at_a_time_the_threads_are_the_same_as_fed_at_once()
    {
        var records = await ThreadFixtureLog.ReadAsync("subagents");
        var whole = ThreadFixtureLog.Attribute(records);
        var halves = new ThreadAttributor();
        foreach (var record in records.Take(records.Count / 2))
        {
            halves.Add(record);
        }

        var snapshot = halves.Calls.Count;
        foreach (var record in records.Skip(records.Count / 2))
        {
            halves.Add(record);
        }

        Assert.InRange(snapshot, 1, whole.Calls.Count - 1);
        Assert.Equal(Partition(whole), Partition(halves));
    }

    private static CallThread ThreadOf(ThreadAttributor attributor, string toolUseId)
        => Assert.Single(attributor.Threads, t => t.ToolUseId == toolUseId);

    private static List<string> Partition(ThreadAttributor attributor)
        => [.. attributor.Threads.Select(t => $"{t.Kind} {t.ToolUseId} parent-tool={ParentTool(attributor, t)}: {string.Join(",", t.Calls)}").Order(StringComparer.Ordinal)];

    private static string? ParentTool(ThreadAttributor attributor, CallThread thread)
        => thread.Parent is null ? null : attributor.Threads.Single(t => t.Id == thread.Parent).ToolUseId ?? thread.Parent;
}
