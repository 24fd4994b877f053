using System.Text.Json;
using CcTracer.Core.Tests.Turns;
using CcTracer.Storage;
using CcTracer.Turns;
using Xunit;

namespace CcTracer.Core.Tests.Records;

/// <summary>An api_response names the real cause: the API's error, the transport's outcome and damaged events each in their own field, in the record and in its summary.</summary>
public sealed class ApiResponseRecordErrorTests
{
    private static ApiResponseRecord Record(string vector, string? transportError)
    {
        var assembler = new TurnAssembler();
        byte[] body = SseVectors.Load(vector);
        assembler.Append(body, TimeSpan.FromMilliseconds(3));
        ApiTurn turn = transportError is null ? assembler.Complete(TimeSpan.FromMilliseconds(4)) : assembler.Fail(transportError, TimeSpan.FromMilliseconds(4));
        return new ApiResponseRecord("s", "ex_1", 200, [new("content-type", "text/event-stream")])
        {
            Streamed = true,
            Body = body,
            Turn = turn,
            TransportError = transportError,
            Timestamp = DateTimeOffset.UnixEpoch,
        };
    }

    private static JsonElement Line(ApiResponseRecord record)
        => JsonDocument.Parse(RecordSerializer.ToLine(1, RecordSerializer.SerializeFields(record))).RootElement;

    private static JsonElement Summary(ApiResponseRecord record)
        => JsonDocument.Parse(RecordSummarizer.Summarize(RecordSerializer.ToLine(1, RecordSerializer.SerializeFields(record)))).RootElement;

    [Fact]
    public void An_error_event_then_a_dropped_connection_records_the_api_error_and_the_transport_apart()
    {
        var record = Record("error-overloaded.sse", "client disconnected");

        var line = Line(record);
        Assert.False(line.GetProperty("complete").GetBoolean());
        Assert.Equal("Overloaded", line.GetProperty("error").GetString());
        Assert.Equal("overloaded_error", line.GetProperty("api_error").GetProperty("type").GetString());
        Assert.Equal("Overloaded", line.GetProperty("api_error").GetProperty("message").GetString());
        Assert.Equal("client disconnected", line.GetProperty("transport_error").GetString());

        var summary = Summary(record);
        Assert.Equal("overloaded_error", summary.GetProperty("api_error").GetProperty("type").GetString());
        Assert.Equal("Overloaded", summary.GetProperty("api_error").GetProperty("message").GetString());
        Assert.Equal("client disconnected", summary.GetProperty("transport_error").GetString());
    }

    [Fact]
    public void An_error_event_at_the_end_of_a_clean_stream_has_no_transport_error()
    {
        var line = Line(Record("error-overloaded.sse", null));

        Assert.Equal("Overloaded", line.GetProperty("error").GetString());
        Assert.Equal("overloaded_error", line.GetProperty("api_error").GetProperty("type").GetString());
        Assert.False(line.TryGetProperty("transport_error", out _));
    }

    [Fact]
    public void A_dropped_connection_without_an_api_error_is_the_error_and_the_transport_error()
    {
        var line = Line(Record("truncated.sse", "client disconnected"));

        Assert.Equal("client disconnected", line.GetProperty("error").GetString());
        Assert.Equal("client disconnected", line.GetProperty("transport_error").GetString());
        Assert.False(line.TryGetProperty("api_error", out _));
    }

    [Fact]
    public void A_damaged_turn_is_marked_in_the_record_and_in_its_summary()
    {
        var record = Record("malformed-data.sse", null);

        var line = Line(record);
        Assert.True(line.GetProperty("complete").GetBoolean());
        Assert.True(line.GetProperty("damaged").GetBoolean());
        Assert.Equal([3, 4], line.GetProperty("damaged_events").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(Summary(record).GetProperty("damaged").GetBoolean());
        Assert.False(Summary(Record("thinking-then-text.sse", null)).TryGetProperty("damaged", out _));
    }

    [Theory]
    [InlineData("thinking-omitted.sse", "omitted")]
    [InlineData("thinking-then-text.sse", "shown")]
    [InlineData("citations.sse", null)]
    public void The_summary_tells_omitted_thinking_from_shown_and_from_none(string vector, string? expected)
    {
        var summary = Summary(Record(vector, null));

        Assert.Equal(expected, summary.TryGetProperty("thinking", out var t) ? t.GetString() : null);
    }
}
