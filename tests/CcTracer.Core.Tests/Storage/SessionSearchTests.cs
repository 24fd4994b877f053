using System.Text;
using System.Text.Json;
using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

public sealed class SessionSearchTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("say \"hi\"")]
    [InlineData("line one\nline two")]
    [InlineData("café")]
    [InlineData("C:\\temp")]
    [InlineData("8413")]
    public void Search_matches_what_the_user_typed_not_its_json_escaping(string needle)
    {
        var line = """{"v":1,"seq":1,"type":"hook","payload":{"prompt":"please say \"hi\" at line one\nline two in the caf\u00e9, C:\\temp","n":84131}}""";
        Assert.True(Matches(line, needle));
    }

    [Fact]
    public void Search_does_not_match_across_values_and_survives_broken_lines()
    {
        var line = """{"v":1,"seq":1,"a":"abc","b":"def"}""";
        Assert.False(Matches(line, "abcdef"));
        Assert.True(Matches(line, "ABC"));
        Assert.False(Matches("{\"a\":\"\\q broken", "broken"));
        Assert.False(Matches("""{"v":1,"seq":1,"a":"found"} but not JSON after all""", "found"));
    }

    [Fact]
    public async Task Search_finds_the_records_that_parsing_every_record_found()
    {
        // The fixture session plus lines the reader skips or keeps only oddly.
        var fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "sessions", "one-tool-session.jsonl");
        var path = Path.Combine(_dir.Path, "s.jsonl");
        var extra = new[]
        {
            """{"v":1,"seq":"12","type":"notice","message":"seq as text"}""",
            """{"v":1,"seq":13,"seq":1.5,"type":"notice","message":"last seq is no integer"}""",
            """{"v":1,"seq":14,"type":"notice","message":"escaped \u0041\u00e9\n\"q\"","se\u0071":14}""",
            """[{"v":1,"seq":15,"message":"not an object"}]""",
            """{"v":1,"seq":16,"message":"torn""",
        };
        await File.WriteAllTextAsync(path, await File.ReadAllTextAsync(fixture, TestContext.Current.CancellationToken) + string.Join('\n', extra) + "\n", TestContext.Current.CancellationToken);
        var reader = new SessionLogReader(Microsoft.Extensions.Options.Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path }));
        foreach (var needle in new[] { "Bash", "bash", "toolu_", "echo hi", "\"", "\n", "Aé", "200", "1.5", "seq", "SEQ", "v", "e", "not there at all", "  PostToolUse  ", "é" })
        {
            var expected = new List<long>();
            await foreach (var record in SessionLogReader.ReadFileAsync(path, 0, null, TestContext.Current.CancellationToken))
            {
                if (LegacyContainsText(record.Line.Span, needle.Trim()))
                {
                    expected.Add(record.Seq);
                }
            }

            Assert.Equal(expected, await reader.SearchAsync("s", needle, TestContext.Current.CancellationToken));
        }
    }

    private static bool Matches(string line, string needle)
    {
        using var matcher = new RecordTextMatcher(needle);
        return matcher.MatchingSeq(Encoding.UTF8.GetBytes(line)) > 0;
    }

    /// <summary>The text match search used before it stopped allocating a string per value.</summary>
    private static bool LegacyContainsText(ReadOnlySpan<byte> line, string needle)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 512 });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
                && reader.GetString()!.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (reader.TokenType == JsonTokenType.Number
                && Encoding.UTF8.GetString(reader.ValueSpan).Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _dir.Dispose();
}
