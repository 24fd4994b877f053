using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CcTracer.Export;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Export;

/// <summary>Share without content: markers planted in every kind of text must not survive, while counts, names and hashes do.</summary>
public sealed class NoContentExportTests : IDisposable
{
    private readonly string _dir = ExportFiles.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Formats => ["har", "md"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task No_planted_text_survives_but_token_counts_tool_names_and_hashes_do(string format)
    {
        var session = MarkedSession.Write(_dir);

        var text = format == "har" ? await ExportFiles.HarAsync(session, noContent: true) : await ExportFiles.MarkdownAsync(session, noContent: true);

        foreach (var marker in MarkedSession.Markers)
        {
            Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        }

        foreach (var tokens in MarkedSession.OutputTokens)
        {
            Assert.Contains(tokens + (format == "har" ? string.Empty : " out"), text, StringComparison.Ordinal);
        }

        Assert.Contains("Bash", text, StringComparison.Ordinal);
        Assert.Contains("claude-opus-4-8", text, StringComparison.Ordinal);
        Assert.Contains(Hash(MarkedSession.Prompt), text, StringComparison.Ordinal);
        Assert.Contains(Hash(MarkedSession.Answer), text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task With_content_the_same_export_holds_every_marker(string format)
    {
        // The other side of the test above: the markers are where an export would show them.
        var session = MarkedSession.Write(_dir);

        var text = format == "har" ? await ExportFiles.HarAsync(session) : await ExportFiles.MarkdownAsync(session);

        foreach (var marker in MarkedSession.Markers.Where(m => format == "har" || m is not (MarkedSession.HeaderValue or MarkedSession.SystemPrompt)))
        {
            Assert.Contains(marker, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Headers_keep_only_safe_values()
    {
        var session = MarkedSession.Write(_dir);

        using var har = JsonDocument.Parse(await ExportFiles.HarAsync(session, noContent: true));

        var headers = har.RootElement.GetProperty("log").GetProperty("entries")[0].GetProperty("request").GetProperty("headers").EnumerateArray()
            .ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("value").GetString());
        Assert.Equal("2023-06-01", headers["anthropic-version"]);
        Assert.Equal("application/json", headers["Content-Type"]);
        Assert.Equal("[removed]", headers["X-Custom-Note"]);
        Assert.Equal("[removed]", headers["x-api-key"]);
    }

    [Fact]
    public void Stripping_keeps_the_shape_names_and_numbers_and_makes_tool_input_opaque()
    {
        var json = """{"type":"tool_use","id":"toolu_9","name":"Read","input":{"file_path":"/secret/path","name":"x"},"usage":{"output_tokens":42},"text":"hello","stream":true}""";

        using var stripped = JsonDocument.Parse(ContentStripper.Strip(Encoding.UTF8.GetBytes(json)));

        var root = stripped.RootElement;
        Assert.Equal("tool_use", root.GetProperty("type").GetString());
        Assert.Equal("toolu_9", root.GetProperty("id").GetString());
        Assert.Equal("Read", root.GetProperty("name").GetString());
        Assert.Equal(42, root.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.Equal($"[removed 5 bytes sha256:{Hash("hello")}]", root.GetProperty("text").GetString());
        Assert.StartsWith("[removed ", root.GetProperty("input").GetString());
        Assert.DoesNotContain("secret", stripped.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
