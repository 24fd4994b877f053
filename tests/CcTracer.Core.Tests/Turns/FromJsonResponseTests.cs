using System.Text;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

public sealed class FromJsonResponseTests
{
    [Fact]
    public void Non_streamed_message_is_complete_with_usage_and_stop_reason()
    {
        byte[] body = Encoding.UTF8.GetBytes("""
            {"model":"claude-opus-4-8","id":"msg_01Title","type":"message","role":"assistant",
             "content":[{"type":"text","text":"{\"title\":\"Run echo hi\"}"}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":211,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":12,"service_tier":"standard"}}
            """);

        ApiTurn turn = TurnAssembler.FromJsonResponse(body, 200, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(320));

        Assert.True(turn.IsComplete);
        Assert.False(turn.IsStreamed);
        Assert.Null(turn.Error);
        Assert.Equal("end_turn", turn.StopReason);
        Assert.Equal(12, turn.Usage!["output_tokens"]!.GetValue<int>());
        Assert.Equal("msg_01Title", turn.Message!["id"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromMilliseconds(300), turn.Timings.TimeToFirstByte);
        Assert.Equal(TimeSpan.FromMilliseconds(320), turn.Timings.Total);
        Assert.Empty(turn.Events);
    }

    [Fact]
    public void Overloaded_529_error_body_keeps_the_error_object()
    {
        byte[] body = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CV"}"""u8.ToArray();

        ApiTurn turn = TurnAssembler.FromJsonResponse(body, 529, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(41));

        Assert.False(turn.IsComplete);
        Assert.Null(turn.Message);
        Assert.Equal("Overloaded", turn.Error);
        Assert.Equal("overloaded_error", turn.ErrorObject!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Non_json_502_body_becomes_the_error_text()
    {
        byte[] body = "<html><body><h1>502 Bad Gateway</h1></body></html>\n"u8.ToArray();

        ApiTurn turn = TurnAssembler.FromJsonResponse(body, 502, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(6));

        Assert.False(turn.IsComplete);
        Assert.Null(turn.Message);
        Assert.Null(turn.ErrorObject);
        Assert.Equal("HTTP 502: <html><body><h1>502 Bad Gateway</h1></body></html>", turn.Error);
    }

    [Fact]
    public void Empty_error_body_says_so()
    {
        ApiTurn turn = TurnAssembler.FromJsonResponse([], 503, TimeSpan.Zero, TimeSpan.Zero);

        Assert.Equal("HTTP 503 (empty body)", turn.Error);
        Assert.Null(turn.Timings.TimeToFirstByte);
    }
}
