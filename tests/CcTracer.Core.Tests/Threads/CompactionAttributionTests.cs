using CcTracer.TestKit.Threads;
using CcTracer.Threads;
using Xunit;

namespace CcTracer.Core.Tests.Threads;

/// <summary>
/// Compactions in the real CLI's session (fixture <c>compaction.jsonl</c>): an automatic one (the
/// usage claimed a full context) and a manual <c>/compact</c> in a later <c>claude -c</c> run.
/// </summary>
public sealed class CompactionAttributionTests
{
    [Fact]
    public async Task Hooks_give_each_compaction_its_trigger_summary_and_the_calls_either_side()
    {
        var attributor = ThreadFixtureLog.Attribute(await ThreadFixtureLog.ReadAsync("compaction"));

        Assert.Equal(2, attributor.Compactions.Count);
        var auto = attributor.Compactions[0];
        var main = Assert.Single(attributor.Threads, t => t.Kind == ThreadKinds.Main);
        Assert.Equal(("main", "auto", "hooks"), (auto.Thread, auto.Trigger, auto.Source));
        Assert.Equal(main.Calls[0], auto.BeforeSeq);
        Assert.Equal(main.Calls[1], auto.AfterSeq);
        Assert.Equal(990_000, auto.TokensBefore);
        Assert.True(auto.TokensAfter < 1_000, $"tokens after: {auto.TokensAfter}");
        Assert.Contains(CompactionSession.Summary[..40], auto.Summary, StringComparison.Ordinal);

        // Claude Code's summarising calls are not turns of the conversation: a utility lane, linked from the compaction.
        var compact = Assert.Single(attributor.Threads, t => t.UtilityKind == UtilityKinds.Compact);
        Assert.Equal(2, compact.Calls.Count);
        Assert.Equal([compact.Calls[0]], auto.SummarySeqs);
        Assert.InRange(compact.Calls[0], auto.BeforeSeq!.Value, auto.AfterSeq!.Value);

        var manual = attributor.Compactions[1];
        Assert.Equal(("manual", main.Calls[1], (long?)null), (manual.Trigger, manual.BeforeSeq, manual.AfterSeq));
        Assert.Equal([compact.Calls[1]], manual.SummarySeqs);
        Assert.Equal(["startup", "compact", "resume", "compact"], attributor.SessionStarts.Select(s => s.Source));
    }

    [Fact]
    public async Task Without_hooks_the_compaction_is_inferred_from_the_changed_history()
    {
        var records = (await ThreadFixtureLog.ReadAsync("compaction")).Where(r => r.Type != "hook");
        var attributor = ThreadFixtureLog.Attribute(records);

        var main = Assert.Single(attributor.Threads, t => t.Kind == ThreadKinds.Main);
        var compaction = Assert.Single(attributor.Compactions);
        Assert.Equal(("inferred", "prefix_reset"), (compaction.Trigger, compaction.Source));
        Assert.Equal((main.Calls[0], main.Calls[1]), (compaction.BeforeSeq!.Value, compaction.AfterSeq!.Value));
        Assert.Equal(990_000, compaction.TokensBefore);
        Assert.Contains("continued from a previous conversation", compaction.Summary, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(attributor.Threads, t => t.UtilityKind == UtilityKinds.Compact).Calls.Count);
        Assert.All(attributor.Calls.Where(c => c.Thread.UtilityKind == UtilityKinds.Compact), c => Assert.Contains("<summary>", c.Why, StringComparison.Ordinal));
    }
}
