using System.Text;
using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

public sealed class SessionSearchTests
{
    [Theory]
    [InlineData("say \"hi\"")]
    [InlineData("line one\nline two")]
    [InlineData("café")]
    [InlineData("C:\\temp")]
    [InlineData("8413")]
    public void Search_matches_what_the_user_typed_not_its_json_escaping(string needle)
    {
        var line = """{"v":1,"seq":1,"type":"hook","payload":{"prompt":"please say \"hi\" at line one\nline two in the caf\u00e9, C:\\temp","n":84131}}""";
        Assert.True(SessionLogReader.ContainsText(Encoding.UTF8.GetBytes(line), needle));
    }

    [Fact]
    public void Search_does_not_match_across_values_and_survives_broken_lines()
    {
        var line = """{"v":1,"seq":1,"a":"abc","b":"def"}""";
        Assert.False(SessionLogReader.ContainsText(Encoding.UTF8.GetBytes(line), "abcdef"));
        Assert.True(SessionLogReader.ContainsText(Encoding.UTF8.GetBytes(line), "ABC"));
        Assert.False(SessionLogReader.ContainsText("{\"a\":\"\\q broken"u8, "broken"));
    }
}
