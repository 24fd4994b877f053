using System.Text;
using CcTracer.Replay;
using Xunit;

namespace CcTracer.Core.Tests.Replay;

public sealed class ReplayScriptTests
{
    private const string Title = """{"model":"claude-haiku-4-5","tools":[],"messages":[{"role":"user","content":"Title for: run echo hi"}]}""";

    private const string MainFirst = """{"model":"claude-opus-4-7","tools":[{"name":"Bash"}],"messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>Today's date is 2026-05-01.</system-reminder>"},{"type":"text","text":"run echo hi"}]}]}""";

    private const string MainSecond = """{"model":"claude-opus-4-7","tools":[{"name":"Bash"}],"messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>Today's date is 2026-05-01.</system-reminder>"},{"type":"text","text":"run echo hi"}]},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"hi"}]}]}""";

    private static Task<ReplayScript> ScriptAsync(params string[] requests) => ScriptAsync(new ReplayOptions(), requests);

    private static async Task<ReplayScript> ScriptAsync(ReplayOptions options, params string[] requests)
    {
        var builder = new RecordingBuilder();
        for (var i = 0; i < requests.Length; i++)
        {
            builder.Json(requests[i], 200, $$"""{"id":"msg_{{i}}","type":"message","role":"assistant","content":[]}""");
        }

        return new ReplayScript(await RecordedSession.LoadAsync(builder.ToStream(), TestContext.Current.CancellationToken), options);
    }

    private static int Answer(ReplayScript script, string request)
        => script.Next("POST", "/v1/messages?beta=true", Encoding.UTF8.GetBytes(request)).Index;

    [Fact]
    public async Task A_title_call_arriving_after_the_main_loop_still_gets_the_recorded_title_answer()
    {
        var script = await ScriptAsync(Title, MainFirst, MainSecond);

        // The replayed client raced the other way: main loop first, title second.
        Assert.Equal(1, Answer(script, MainFirst.Replace("2026-05-01", "2026-11-25", StringComparison.Ordinal)));
        Assert.Equal(0, Answer(script, Title));
        Assert.Equal(2, Answer(script, MainSecond));
        script.VerifyAllServed();
    }

    [Fact]
    public async Task Calls_that_look_alike_are_answered_in_recorded_order()
    {
        var script = await ScriptAsync(MainFirst, MainSecond);

        // Both main-loop calls share tools and prompt: order decides, as before signatures.
        Assert.Equal(0, Answer(script, MainSecond));
        Assert.Equal(1, Answer(script, MainFirst));
    }

    [Fact]
    public async Task The_first_user_text_tells_apart_two_tool_using_calls_that_arrive_out_of_order()
    {
        var other = MainFirst.Replace("run echo hi", "list the files", StringComparison.Ordinal);
        var script = await ScriptAsync(MainFirst, other);

        Assert.Equal(1, Answer(script, other));
        Assert.Equal(0, Answer(script, MainFirst));
    }

    [Fact]
    public async Task A_call_whose_tools_match_nothing_left_is_a_mismatch_and_takes_no_turn()
    {
        var script = await ScriptAsync(MainFirst, MainSecond);

        // The replayed client made a title call the recording lacks: it must not eat the tool_use turn.
        Assert.Throws<ReplayMismatchException>(() => Answer(script, Title));
        Assert.Equal(0, Answer(script, MainFirst));
        Assert.Equal(1, Answer(script, MainSecond));
    }

    [Fact]
    public async Task A_body_that_is_not_json_takes_the_next_exchange_in_recorded_order()
    {
        var script = await ScriptAsync(MainFirst, Title);

        Assert.Equal(0, Answer(script, "not json"));
        Assert.Equal(1, Answer(script, "not json either"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_streaming_request_never_gets_a_recorded_answer_that_was_not_streamed(bool strict)
    {
        var script = await ScriptAsync(new ReplayOptions { Strict = strict }, MainFirst);
        var streaming = MainFirst.Replace("{\"model\"", "{\"stream\":true,\"model\"", StringComparison.Ordinal);

        var error = Assert.Throws<ReplayMismatchException>(() => Answer(script, streaming));

        Assert.Contains("asks for a stream", error.Message, StringComparison.Ordinal);
        Assert.Equal("stream: expected false got true", error.Difference?.ToString());
        Assert.Equal(0, Answer(script, MainFirst));
    }

    [Fact]
    public async Task A_request_without_a_stream_never_gets_a_recorded_stream()
    {
        var script = new ReplayScript(await RecordedSession.LoadAsync(WeatherRecording.Build().ToStream(), TestContext.Current.CancellationToken));
        Assert.Equal(0, Answer(script, "{\"tools\":[]}"));

        var error = Assert.Throws<ReplayMismatchException>(() => Answer(script, WeatherRecording.MainRequest(1).Replace("\"stream\":true", "\"stream\":false", StringComparison.Ordinal)));

        Assert.Contains("does not ask for a stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lenient_replay_reports_an_answer_to_a_different_prompt()
    {
        var reported = new List<ReplayDeviation>();
        var options = new ReplayOptions { OnDeviation = reported.Add };
        var script = await ScriptAsync(options, MainFirst);

        Assert.Equal(0, Answer(script, MainFirst.Replace("run echo hi", "run echo London", StringComparison.Ordinal)));

        var deviation = Assert.Single(reported);
        Assert.Same(deviation, Assert.Single(script.Deviations));
        Assert.Equal(1, deviation.RequestNumber);
        Assert.Equal(0, deviation.Recorded.Index);
        Assert.Equal("messages[0].content[1].text: expected \"run echo hi\" got \"run echo London\"", Assert.Single(deviation.Differences).ToString());
        Assert.Contains("Request #1 (POST /v1/messages?beta=true) was answered with recorded exchange #0, which differs: messages[0].content[1].text", deviation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lenient_replay_reports_nothing_when_the_request_is_the_recorded_one()
    {
        var reported = new List<ReplayDeviation>();
        var script = await ScriptAsync(new ReplayOptions { OnDeviation = reported.Add }, MainFirst);

        Assert.Equal(0, Answer(script, MainFirst));

        Assert.Empty(reported);
        Assert.Empty(script.Deviations);
    }

    [Fact]
    public async Task Lenient_replay_names_the_first_difference_of_each_compared_field()
    {
        var script = await ScriptAsync(MainFirst);

        Answer(script, MainFirst.Replace("claude-opus-4-7", "claude-opus-5", StringComparison.Ordinal).Replace("run echo hi", "run echo London", StringComparison.Ordinal));

        Assert.Equal(["model", "messages[0].content[1].text"], Assert.Single(script.Deviations).Differences.Select(d => d.Path));
    }
}
