using System.Buffers;
using System.Text;
using System.Text.Json;
using CcTracer.Buffers;
using CcTracer.Json;
using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Json;

/// <summary>The escaper the log writer uses for captured bodies: the same string back, and valid JSON around it.</summary>
public sealed class RawJsonStringTests
{
    private static string Sample(int length, int seed)
    {
        // Every control character, quotes, backslashes, ASCII, two-, three- and four-byte UTF-8.
        string[] parts = ["\"", "\\", "data: {\"type\":\"x\"}", "\n\n", "é", "日本語", "😀", "\u2028", "\u007f", "\u00ad", "plain text "];
        var random = new Random(seed);
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append(random.Next(4) == 0 ? ((char)random.Next(0, 32)).ToString() : parts[random.Next(parts.Length)]);
        }

        return text.ToString();
    }

    private static (string Value, string Next, byte[] Json) Written(ReadOnlySequence<byte> utf8)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("before", "b");
            RawJsonString.WriteProperty(writer, output, "body_text", utf8);
            writer.WriteString("after", "a");
            writer.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("b", doc.RootElement.GetProperty("before").GetString());
        return (doc.RootElement.GetProperty("body_text").GetString()!, doc.RootElement.GetProperty("after").GetString()!, output.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(50_000)]
    public void Any_valid_utf8_reads_back_as_the_same_string_between_other_properties(int length)
    {
        var text = Sample(length, seed: length);

        var (value, next, _) = Written(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(text, value);
        Assert.Equal("a", next);
    }

    [Fact]
    public void A_body_in_chunks_split_inside_code_points_reads_back_whole()
    {
        var text = Sample(300_000, seed: 7);
        using var chunks = new ChunkedBuffer();
        chunks.Write(Encoding.UTF8.GetBytes(text));

        var (value, _, _) = Written(chunks.AsSequence());

        Assert.Equal(text, value);
    }

    [Fact]
    public void Only_what_json_requires_is_escaped()
    {
        var (_, _, json) = Written(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("a\"b\\c\nd\u0001é😀\u2028")));

        Assert.Contains("\"body_text\":\"a\\\"b\\\\c\\nd\\u0001é😀\u2028\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }
}
