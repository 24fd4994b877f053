using System.Text.Json;
using Anthropic;
using CcTracer.Replay;
using Xunit;

namespace AgentLoop.Tests;

/// <summary>The agent tested offline against a session the tracer recorded: one line to load, one handler to replay.</summary>
public sealed class WeatherAgentReplayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AnthropicClient ClientOver(ReplayHandler handler)
        => new() { HttpClient = new HttpClient(handler), BaseUrl = "http://replay.invalid", ApiKey = "sk-ant-test", MaxRetries = 0 };

    [Fact]
    public async Task Agent_over_the_sdk_gets_the_recorded_final_text()
    {
        var session = await Fixtures.LoadAsync(Ct);
        using var handler = new ReplayHandler(session);

        var run = await new WeatherAgent(ClientOver(handler)).RunAsync(WeatherRecorder.Prompt, Ct);

        Assert.Equal(session.FinalText, run.FinalText);
        Assert.Equal(session.Turns.Count, run.ApiCalls);
        handler.VerifyAllServed();
    }

    [Fact]
    public async Task Agent_sends_exactly_the_recorded_requests_in_strict_mode()
    {
        var session = await Fixtures.LoadAsync(Ct);
        using var handler = new ReplayHandler(session, new ReplayOptions { Strict = true });

        var run = await new WeatherAgent(ClientOver(handler)).RunAsync(WeatherRecorder.Prompt, Ct);

        // The tool calls the agent executed are the ones the recording joined across its turns.
        var recorded = Assert.Single(session.ToolCalls);
        var executed = Assert.Single(run.ToolCalls);
        Assert.Equal(recorded.Id, executed.Id);
        Assert.Equal(recorded.Name, executed.Name);
        Assert.Equal("Paris", recorded.Input.GetProperty("city").GetString());
        Assert.Equal(recorded.ResultText, executed.Output);
        Assert.False(recorded.IsError);
        handler.VerifyAllServed();
    }

    [Fact]
    public async Task A_changed_tool_is_caught_with_the_field_that_differs()
    {
        var session = await Fixtures.LoadAsync(Ct);
        using var handler = new ReplayHandler(session, new ReplayOptions { Strict = true });
        var agent = new WeatherAgent(ClientOver(handler), lookup: _ => "Rainy, 12°C");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => agent.RunAsync(WeatherRecorder.Prompt, Ct));

        var mismatch = Find<ReplayMismatchException>(error);
        Assert.Equal("messages[2].content[0].content", mismatch.Difference!.Path);
        Assert.Contains("expected \"Sunny, 21°C\" got \"Rainy, 12°C\"", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_prompt_is_caught_in_strict_mode()
    {
        var session = await Fixtures.LoadAsync(Ct);
        using var handler = new ReplayHandler(session, new ReplayOptions { Strict = true });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new WeatherAgent(ClientOver(handler)).RunAsync("Weather in London?", Ct));

        Assert.Contains("messages[0].content: expected \"What's the weather in Paris?\" got \"Weather in London?\"", Find<ReplayMismatchException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_session_totals_and_turns_are_queryable()
    {
        var session = await Fixtures.LoadAsync(Ct);

        Assert.Equal(new TokenTotals(392, 52, 0, 0), session.Totals);
        Assert.Equal(2, session.TurnsByModel(WeatherAgent.DefaultModel).Count);
        Assert.Equal("tool_use", session.Turns[0].StopReason);
        Assert.Equal(WeatherAgent.SystemPrompt, session.Turns[0].System!.Value.GetString());
        Assert.Equal(JsonValueKind.Array, session.Turns[0].Tools!.Value.ValueKind);
    }

    // The SDK may wrap what a handler throws; the replay's own exception is somewhere in the chain.
    private static T Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} in the chain: {error}");
    }
}
