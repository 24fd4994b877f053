using System.Text.Json;
using CcTracer.Storage;
using CcTracer.Threads;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Threads;

/// <summary>
/// Resume links between the real CLI's sessions: <c>claude --resume ID --fork-session</c> of the subagent
/// session (<c>subagents-2.jsonl</c> continues <c>subagents.jsonl</c>, by its history) and of the
/// compacted one (<c>compaction-2.jsonl</c>, by the transcript its summary names).
/// </summary>
public sealed class SessionLinkTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cctracer-links-").FullName;

    [Fact]
    public async Task A_forked_session_is_linked_to_the_one_it_continues_and_both_share_a_group()
    {
        var original = Copy("subagents");
        var fork = Copy("subagents-2");
        var compacted = Copy("compaction");
        var compactedFork = Copy("compaction-2");
        var index = new SessionRootIndex(new SessionLogReader(Options.Create(new TraceStoreOptions { LogDirectory = _directory })));

        var links = await index.LinkAllAsync(TestContext.Current.CancellationToken);

        Assert.Equal(original, links[fork].ResumedFrom);
        Assert.Equal([fork], links[original].ContinuedBy);
        Assert.Equal((original, original), (links[original].Group, links[fork].Group));
        Assert.Contains("first exchange", links[fork].Why, StringComparison.Ordinal);
        Assert.Equal(compacted, links[compactedFork].ResumedFrom);
        Assert.Contains("transcript", links[compactedFork].Why, StringComparison.Ordinal);
        Assert.Null(links[compacted].ResumedFrom);
        Assert.Equal(4, links.Count);
    }

    [Fact]
    public async Task Sessions_that_only_share_their_first_prompt_are_not_linked()
    {
        // The fork's history minus the first answer: the same first message, but not the same conversation.
        var original = Copy("subagents");
        var lines = File.ReadAllLines(ThreadFixtureLog.PathOf("subagents-2"))
            .Select(l => l.Replace("toolu_01ThreadsSingleAgent000001", "toolu_01SomethingElse0000000001", StringComparison.Ordinal));
        var other = "0e0e0e0e-0000-4000-8000-000000000001";
        File.WriteAllLines(Path.Combine(_directory, other + ".jsonl"), lines.Select(l => l.Replace(SessionIdOf("subagents-2"), other, StringComparison.Ordinal)));
        var index = new SessionRootIndex(new SessionLogReader(Options.Create(new TraceStoreOptions { LogDirectory = _directory })));

        var links = await index.LinkAllAsync(TestContext.Current.CancellationToken);

        Assert.False(links.ContainsKey(other), $"linked to {original} though its history differs");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Copy(string fixture)
    {
        var id = SessionIdOf(fixture);
        File.Copy(ThreadFixtureLog.PathOf(fixture), Path.Combine(_directory, id + ".jsonl"));
        return id;
    }

    private static string SessionIdOf(string fixture)
    {
        using var first = JsonDocument.Parse(File.ReadLines(ThreadFixtureLog.PathOf(fixture)).First());
        return first.RootElement.GetProperty("session_id").GetString()!;
    }
}
