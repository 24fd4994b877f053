using System.Text;
using System.Text.Json;
using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Records;

public sealed class RecordSerializerTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(16 * 1024)]
    [InlineData(300_000)]
    public void Long_text_bodies_written_in_pieces_round_trip_exactly(int repeat)
    {
        // Multi-byte characters land on every possible piece boundary as the length grows.
        var text = new StringBuilder();
        for (var i = 0; text.Length < repeat; i++)
        {
            text.Append(i % 3 == 0 ? "é€😀\n" : "data: {\"a\":\"x\\\"y\"}\r\n");
        }

        var body = Encoding.UTF8.GetBytes(text.ToString());
        var fields = RecordSerializer.SerializeFields(new RejectedHookRecord("s", "not json", "text/plain", null, body));
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes("{").Concat(fields).ToArray());

        Assert.Equal(body, BodyJson.Read(doc.RootElement));
    }
}
