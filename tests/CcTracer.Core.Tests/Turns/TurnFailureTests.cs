using System.Text.Json.Nodes;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Turns;

/// <summary>What a turn says when the stream went wrong: damaged events, and the API's error kept apart from the transport's.</summary>
public sealed class TurnFailureTests
{
    [Fact]
    public void An_event_whose_data_is_not_json_marks_the_turn_damaged_although_it_reached_message_stop()
    {
        ApiTurn turn = SseVectors.Whole(SseVectors.Load("malformed-data.sse"));

        Assert.True(turn.IsComplete);
        Assert.True(turn.IsDamaged);
        // message_start, content_block_start, a good delta, then the two broken events.
        Assert.Equal([3, 4], turn.DamagedEvents);
    }

    [Fact]
    public void A_clean_stream_is_not_damaged()
    {
        Assert.False(SseVectors.Whole(SseVectors.Load("thinking-then-text.sse")).IsDamaged);
    }

    [Fact]
    public void A_transport_failure_after_an_error_event_keeps_the_api_error_as_the_error()
    {
        var assembler = new TurnAssembler();
        assembler.Append(SseVectors.Load("error-overloaded.sse"), TimeSpan.FromMilliseconds(5));

        ApiTurn turn = assembler.Fail("client disconnected", TimeSpan.FromMilliseconds(9));

        Assert.False(turn.IsComplete);
        Assert.Equal("Overloaded", turn.Error);
        Assert.Equal("overloaded_error", turn.ErrorObject!["type"]!.GetValue<string>());
        Assert.Equal("client disconnected", turn.Failure);
    }

    [Fact]
    public void A_transport_failure_without_an_error_event_is_the_error()
    {
        var assembler = new TurnAssembler();
        assembler.Append(SseVectors.Load("truncated.sse"), TimeSpan.FromMilliseconds(5));

        ApiTurn turn = assembler.Fail("client disconnected", TimeSpan.FromMilliseconds(9));

        Assert.Equal("client disconnected", turn.Error);
        Assert.Equal("client disconnected", turn.Failure);
        Assert.Null(turn.ErrorObject);
    }

    [Fact]
    public void A_stream_that_ends_normally_has_no_failure()
    {
        ApiTurn turn = SseVectors.Whole(SseVectors.Load("error-overloaded.sse"));

        Assert.Equal("Overloaded", turn.Error);
        Assert.Null(turn.Failure);
        Assert.IsType<JsonObject>(turn.ErrorObject);
    }
}
