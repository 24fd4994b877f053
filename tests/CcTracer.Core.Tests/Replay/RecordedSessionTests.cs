using System.Text;
using CcTracer.Core.Tests.Storage;
using CcTracer.Replay;
using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Replay;

public sealed class RecordedSessionTests
{
    private static Task<RecordedSession> LoadAsync()
        => RecordedSession.LoadAsync(WeatherRecording.Build().ToStream(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Exchanges_turns_and_hooks_are_loaded_in_order()
    {
        var session = await LoadAsync();

        Assert.Equal("0b5c1f2e-1111-4222-8333-944455556666", session.SessionId);
        Assert.Equal(["messages", "messages", "count_tokens", "messages", "messages", "messages"], session.Exchanges.Select(e => e.Kind));
        Assert.Equal(5, session.Turns.Count);
        Assert.Equal(["UserPromptSubmit", "PreToolUse", "PostToolUse", "PreToolUse", "PostToolUseFailure", "Stop"], session.Hooks.Select(h => h.EventName));
        Assert.Empty(session.Warnings);

        var first = session.Turns[1];
        Assert.True(first.IsStreamed);
        Assert.True(first.StreamRequested);
        Assert.True(first.IsComplete);
        Assert.Equal(200, first.Status);
        Assert.Equal("tool_use", first.StopReason);
        Assert.Equal(WeatherRecording.Sonnet, first.Model);
        Assert.Equal("You are a weather agent.", first.System!.Value[0].GetProperty("text").GetString());
        Assert.Equal("get_weather", first.Tools!.Value[0].GetProperty("name").GetString());
        Assert.Equal(WeatherRecording.Prompt, first.Messages!.Value[0].GetProperty("content").GetString());
        Assert.StartsWith("event: message_start\n", first.SseText, StringComparison.Ordinal);
        Assert.Equal(first.SseText!.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Length, first.EventOffsetsMs.Count);
        Assert.NotNull(first.TimeToFirstByte);
        Assert.Contains("redacted", first.RequestHeaders["x-api-key"], StringComparison.Ordinal);

        var overloaded = session.Turns[3];
        Assert.True(overloaded.IsHttpError);
        Assert.Equal(529, overloaded.Status);
        Assert.False(overloaded.IsComplete);
    }

    [Fact]
    public async Task Tool_calls_are_joined_across_api_and_hooks_by_tool_use_id()
    {
        var session = await LoadAsync();

        Assert.Equal(2, session.ToolCalls.Count);
        var paris = session.ToolCalls[0];
        Assert.Equal("toolu_01Paris", paris.Id);
        Assert.Equal("get_weather", paris.Name);
        Assert.Equal("Paris", paris.Input.GetProperty("city").GetString());
        Assert.Same(session.Exchanges[1], paris.Turn);
        Assert.Equal("toolu_01Paris", paris.ToolUseBlock!.Value.GetProperty("id").GetString());
        Assert.NotNull(paris.PreToolUse);
        Assert.NotNull(paris.PostToolUse);
        Assert.Null(paris.PostToolUseFailure);
        Assert.Equal("Sunny, 21°C", paris.ResultText);
        Assert.Same(session.Exchanges[3], paris.ResultTurn);
        Assert.Equal(TimeSpan.FromMilliseconds(12), paris.Duration);
        Assert.Equal("Sunny, 21°C", paris.HookResponse!.Value.GetString());
        Assert.False(paris.IsError);

        var atlantis = session.ToolCalls[1];
        Assert.Equal("Atlantis", atlantis.Input.GetProperty("city").GetString());
        Assert.True(atlantis.IsError);
        Assert.Equal("Unknown city: Atlantis", atlantis.HookError);
        Assert.Equal("Unknown city: Atlantis", atlantis.ResultText);
        Assert.Same(session.Exchanges[4], atlantis.ResultTurn);
        Assert.Equal(TimeSpan.FromMilliseconds(250), atlantis.Duration);
    }

    [Fact]
    public async Task Queries_answer_what_a_test_asks()
    {
        var session = await LoadAsync();

        Assert.Equal([WeatherRecording.Prompt], session.Prompts);
        Assert.Equal(WeatherRecording.FinalText, session.FinalText);
        Assert.Equal("toolu_02Atlantis", session.FirstFailingToolCall!.Id);
        Assert.Single(session.TurnsByModel(WeatherRecording.Haiku));
        Assert.Equal(4, session.TurnsByModel(WeatherRecording.Sonnet).Count);
        Assert.Equal(2, session.ToolCallsNamed("get_weather").Count);
        Assert.Empty(session.ToolCallsNamed("Bash"));
        Assert.Equal(2, session.HooksNamed("PreToolUse").Count);
    }

    [Fact]
    public async Task Totals_sum_tokens_by_kind_and_by_model()
    {
        var session = await LoadAsync();

        Assert.Equal(new TokenTotals(490, 53, 180, 10), session.Totals);
        Assert.Equal(new TokenTotals(30, 4, 0, 0), session.TotalsByModel[WeatherRecording.Haiku]);
        Assert.Equal(new TokenTotals(460, 49, 180, 10), session.TotalsByModel[WeatherRecording.Sonnet]);
        Assert.Equal(490 + 180 + 10, session.Totals.TotalInputTokens);
    }

    [Fact]
    public async Task A_hook_payload_that_is_not_utf8_loads_with_a_warning()
    {
        byte[] payload = [.. "{\"session_id\":\"s\",\"hook_event_name\":\"Notification\",\"message\":\"a"u8, 0xFF, .. "\"}"u8];
        using var stream = new RecordingBuilder().HookBytes("Notification", payload).ToStream();

        var session = await RecordedSession.LoadAsync(stream, TestContext.Current.CancellationToken);

        var hook = Assert.Single(session.Hooks);
        Assert.Equal("Notification", hook.EventName);
        Assert.Contains(session.Warnings, w => w.Contains("not UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_with_a_torn_last_line_loads_with_a_warning()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "s.jsonl");
        var bytes = WeatherRecording.Build().ToBytes().Concat(Encoding.UTF8.GetBytes("{\"v\":1,\"seq\":99,\"type\":\"hoo")).ToArray();
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);

        var session = await RecordedSession.LoadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(2, session.ToolCalls.Count);
        Assert.Contains(session.Warnings, w => w.Contains("torn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Correlator_joins_records_as_they_arrive()
    {
        var records = new List<StoredRecord>();
        await foreach (var r in SessionLogReader.ReadAsync(WeatherRecording.Build().ToStream(), cancellationToken: TestContext.Current.CancellationToken))
        {
            records.Add(r);
        }

        var correlator = new ToolCallCorrelator();
        foreach (var r in records.TakeWhile(r => r.Type != RecordTypes.ApiRequest || r.Seq < 8))
        {
            correlator.Add(r);
        }

        // Up to the Paris call's hooks: the call is known, its result not sent back yet.
        var partial = Assert.Single(correlator.ToolCalls);
        Assert.NotNull(partial.PostToolUse);
        Assert.Null(partial.Result);

        foreach (var r in records.Skip(correlator.Count))
        {
            correlator.Add(r);
        }

        Assert.Equal(["toolu_01Paris", "toolu_02Atlantis"], correlator.ToolCalls.Select(c => c.Id));
        Assert.Equal("Sunny, 21°C", correlator.ToolCalls[0].ResultText);
        Assert.Equal(correlator.ToolCalls.Select(c => c.Id), ToolCallCorrelator.Correlate(records).Select(c => c.Id));
    }

    [Fact]
    public async Task Hook_only_sessions_still_list_tool_calls_from_the_hooks()
    {
        var b = new RecordingBuilder()
            .Hook("PreToolUse", new { tool_name = "Bash", tool_input = new { command = "ls" }, tool_use_id = "toolu_x" })
            .Hook("PostToolUse", new { tool_name = "Bash", tool_input = new { command = "ls" }, tool_response = new { stdout = "a" }, tool_use_id = "toolu_x" });

        var session = await RecordedSession.LoadAsync(b.ToStream(), TestContext.Current.CancellationToken);

        var call = Assert.Single(session.ToolCalls);
        Assert.Equal("Bash", call.Name);
        Assert.Equal("ls", call.Input.GetProperty("command").GetString());
        Assert.Null(call.Turn);
        Assert.Equal(TimeSpan.FromMilliseconds(250), call.Duration);
    }
}
