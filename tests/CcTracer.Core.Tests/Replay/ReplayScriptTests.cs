using System.Text;
using CcTracer.Replay;
using Xunit;

namespace CcTracer.Core.Tests.Replay;

public sealed class ReplayScriptTests
{
    private const string Title = """{"model":"claude-haiku-4-5","tools":[],"messages":[{"role":"user","content":"Title for: run echo hi"}]}""";

    private const string MainFirst = """{"model":"claude-opus-4-7","tools":[{"name":"Bash"}],"messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>Today's date is 2026-05-01.</system-reminder>"},{"type":"text","text":"run echo hi"}]}]}""";

    private const string MainSecond = """{"model":"claude-opus-4-7","tools":[{"name":"Bash"}],"messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>Today's date is 2026-05-01.</system-reminder>"},{"type":"text","text":"run echo hi"}]},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"hi"}]}]}""";

    private static async Task<ReplayScript> ScriptAsync(params string[] requests)
    {
        var builder = new RecordingBuilder();
        for (var i = 0; i < requests.Length; i++)
        {
            builder.Json(requests[i], 200, $$"""{"id":"msg_{{i}}","type":"message","role":"assistant","content":[]}""");
        }

        return new ReplayScript(await RecordedSession.LoadAsync(builder.ToStream(), TestContext.Current.CancellationToken));
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
}
