using System.Text.Json.Nodes;
using CcTracer.Analysis;
using CcTracer.Analysis.Cache;
using CcTracer.Analysis.Context;
using CcTracer.Analysis.Pricing;
using CcTracer.Analysis.Tokens;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Analysis;

/// <summary>Context composition, cost, quota and timing of analysed calls.</summary>
public sealed class CallFiguresTests
{
    [Fact]
    public async Task Context_parts_add_up_to_the_real_input_tokens_and_name_the_biggest_file()
    {
        var body = RequestBodies.AfterToolResult();
        var messages = body["messages"]!.AsArray();
        var read = new JsonObject { ["type"] = "tool_use", ["id"] = "toolu_read", ["name"] = "Read", ["input"] = new JsonObject { ["file_path"] = "/src/Big.cs" } };
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(read) });
        messages.Add(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "toolu_read", ["content"] = new string('x', 30_000) }),
        });
        var session = new AnalyzedSession();
        session.Call(body);

        var call = (await session.AnalyzeAsync()).Calls[0];
        var context = call.Context!;
        Assert.True(context.Scaled);
        Assert.Equal(call.Usage!.Value.ContextTokens, context.Categories.Sum(c => c.Tokens));
        Assert.Equal(call.Usage.Value.ContextTokens, context.Tokens);
        Assert.Equal("Read", context.TopToolResults[0].Name);
        Assert.Equal("/src/Big.cs", context.TopFiles[0].Name);
        Assert.Equal(2, context.TopFiles[0].Count);
        Assert.Equal(["system", "tools", "user_text", "thinking", "tool_use", "tool_result"], context.Categories.Select(c => c.Name));
        Assert.Equal(12, Assert.Single(context.ToolGroups).Count);
    }

    [Fact]
    public void Apportioning_keeps_the_total_exactly()
    {
        Assert.Equal(1000, ContextComposition.Apportion([1, 1, 1], 1000).Sum());
        Assert.Equal([334, 333, 333], ContextComposition.Apportion([1, 1, 1], 1000));
        Assert.Equal([0, 0], ContextComposition.Apportion([0, 0], 10));
    }

    [Fact]
    public async Task Cost_is_an_estimate_from_the_dated_table_and_unknown_models_are_not_priced()
    {
        var session = new AnalyzedSession();
        session.Call(RequestBodies.With(RequestBodies.FirstTurn(), "model", "claude-sonnet-4-5-20250929"));
        session.Call(RequestBodies.With(RequestBodies.FirstTurn(), "model", "claude-mystery-9"));

        var analyzer = await session.AnalyzeAsync();
        var priced = analyzer.Calls[0];
        var usage = priced.Usage!.Value;
        var expected = (usage.Input * 3m + usage.Output * 15m + usage.CacheRead * 0.3m + usage.CacheWrite * 3.75m) / 1_000_000m;
        Assert.Equal(expected, priced.Cost.Usd);
        Assert.Equal("Sonnet 4.x", priced.Cost.Family);
        Assert.Equal(BuiltInPrices.Date, priced.Cost.PricingDate);

        var unknown = analyzer.Calls[1];
        Assert.Null(unknown.Cost.Usd);
        Assert.Equal("unknown model", unknown.Cost.Note);
        var totals = SessionTotals.From(analyzer.Calls);
        Assert.Equal(expected, totals.CostUsd);
        Assert.Equal(["claude-mystery-9"], totals.UnknownModels);
    }

    [Fact]
    public void Long_context_rates_apply_above_the_threshold()
    {
        var table = PricingTable.BuiltIn;
        var small = CostEstimate.For(table, "claude-sonnet-4-5", new TokenUsage(100_000, 1_000_000, 0, 0, 0, 0));
        var large = CostEstimate.For(table, "claude-sonnet-4-5", new TokenUsage(250_000, 1_000_000, 0, 0, 0, 0));
        Assert.Equal(0.3m + 15m, small.Usd);
        Assert.Equal(1.5m + 22.5m, large.Usd);
        Assert.True(large.LongContext);
        Assert.Null(CostEstimate.For(table, "claude-opus-4-9", new TokenUsage(1, 1, 0, 0, 0, 0)).Usd);
        Assert.Equal("Opus 4", table.Find("claude-opus-4-20250514")!.Family);
        Assert.Equal("Haiku 3.5", table.Find("claude-3-5-haiku-20241022")!.Family);
    }

    [Fact]
    public void A_pricing_file_comes_first_and_a_bad_one_is_refused_with_the_reason()
    {
        using var dir = new CcTracer.Core.Tests.Storage.TempDirectory();
        var path = Path.Combine(dir.Path, "prices.json");
        File.WriteAllText(path, """{"date":"2027-01-15","source":"contract","models":[{"family":"Mystery","models":["claude-mystery"],"rates":{"input":2,"output":8,"cache_read":0.2,"cache_write_5m":2.5,"cache_write_1h":4}}]}""");
        var table = PricingTable.Load(path);
        Assert.Equal("2027-01-15", table.Date);
        Assert.Equal(10m, CostEstimate.For(table, "claude-mystery-20270101", new TokenUsage(1_000_000, 1_000_000, 0, 0, 0, 0)).Usd);
        Assert.Equal("Sonnet 4.x", table.Find("claude-sonnet-4-5")!.Family);

        File.WriteAllText(path, """{"models":[{"family":"Bad","models":["x"],"rates":{"input":-1}}]}""");
        var validation = new AnalysisOptionsValidator().Validate(null, new AnalysisOptions { PricingFile = path });
        Assert.True(validation.Failed);
        Assert.Contains("must not be negative", validation.FailureMessage, StringComparison.Ordinal);
        Assert.True(new AnalysisOptionsValidator().Validate(null, new AnalysisOptions { HitRatio = 1.5 }).Failed);
    }

    [Fact]
    public async Task Quota_headers_become_a_time_series_of_windows()
    {
        var reset = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
        var session = new AnalyzedSession();
        session.Call(RequestBodies.FirstTurn(), responseHeaders: new Dictionary<string, string>
        {
            ["anthropic-ratelimit-unified-status"] = "allowed",
            ["anthropic-ratelimit-unified-5h-utilization"] = "0.42",
            ["anthropic-ratelimit-unified-5h-reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["anthropic-ratelimit-unified-5h-status"] = "allowed",
            ["anthropic-ratelimit-unified-7d-utilization"] = "0.9",
            ["anthropic-ratelimit-unified-representative-claim"] = "five_hour",
        });
        session.Call(RequestBodies.AfterToolResult());

        var sample = Assert.Single((await session.AnalyzeAsync()).Quota);
        Assert.Equal("allowed", sample.Status);
        var fiveHours = Assert.Single(sample.Windows, w => w.Name == "5h");
        Assert.Equal(0.42, fiveHours.Utilization);
        Assert.Equal(reset, fiveHours.Reset);
        Assert.Equal(0.9, Assert.Single(sample.Windows, w => w.Name == "7d").Utilization);
        Assert.Contains(sample.Raw, h => h.Key == "anthropic-ratelimit-unified-representative-claim");
    }

    [Fact]
    public async Task Timing_gives_speed_and_stalls_longer_than_the_threshold()
    {
        var session = new AnalyzedSession();
        session.Call(RequestBodies.FirstTurn(), offsets: [900, 950, 3500, 3600, 6000]);
        var analyzer = await session.AnalyzeAsync();
        var timing = analyzer.Calls[0].Timing;
        Assert.Equal([(950.0, 2550.0), (3600.0, 2400.0)], timing.Stalls);
        Assert.Equal(40 / 1.5, timing.OutputTokensPerSecond!.Value, 3);
        Assert.Equal(900, SessionTotals.From(analyzer.Calls).TtftP50Ms);
    }

    [Fact]
    public void A_text_change_shows_whole_words_around_the_first_difference()
    {
        const string Before = "The environment of this session:\nToday's date is 2026-12-02.\nMore";
        var change = TextChange.Find(Before, Before.Replace("12-02", "12-03", StringComparison.Ordinal))!;
        Assert.Equal(Before.IndexOf("2.\n", StringComparison.Ordinal), change.Position);
        Assert.Equal("…Today's date is 2026-12-02.…", change.Before);
        Assert.Equal("…2026-12-03.…", change.After);
        Assert.Null(TextChange.Find("same", "same"));
    }
}
