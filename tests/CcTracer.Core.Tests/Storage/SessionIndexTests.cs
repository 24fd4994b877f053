using System.Text;
using System.Text.Json;
using CcTracer.Storage;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

public sealed class SessionIndexTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private SessionLogReader Reader()
        => new(Microsoft.Extensions.Options.Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path }));

    private static string Notice(long seq, int pad)
        => $$"""{"v":1,"seq":{{seq}},"type":"notice","ts":"t","session_id":"s","level":"info","message":"m{{seq}}","pad":"{{new string('p', pad)}}"}""";

    [Fact]
    public async Task Summaries_and_lines_catch_up_as_the_file_grows_past_a_line_still_being_written()
    {
        var path = Path.Combine(_dir.Path, "s.jsonl");
        var lines = new[] { Notice(1, 10), Notice(2, 400_000), Notice(3, 5), Notice(4, 1_200_000), Notice(5, 0) };
        var ct = TestContext.Current.CancellationToken;

        // Lines 1–2 complete (one with a CRLF ending), line 3 half written.
        await File.WriteAllTextAsync(path, lines[0] + "\r\n" + lines[1] + "\n" + lines[2][..20], ct);
        var reader = Reader();
        var first = await reader.GetSummariesAsync("s", 0, ct);
        Assert.Equal([1L, 2L], Seqs(first));

        await File.AppendAllTextAsync(path, lines[2][20..] + "\n\n" + lines[3] + "\n" + lines[4] + "\n", ct);
        var summaries = await reader.GetSummariesAsync("s", 0, ct);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], Seqs(summaries));
        var after3 = await reader.GetSummariesAsync("s", 3, ct);
        Assert.Equal([4L, 5L], Seqs(after3));

        // Every indexed offset still finds the exact stored line, and the summary counts its bytes.
        for (var i = 0; i < lines.Length; i++)
        {
            var line = await reader.FindLineAsync("s", i + 1, ct);
            Assert.Equal(lines[i], Encoding.UTF8.GetString(line!.Value.Span));
            using var summary = JsonDocument.Parse(summaries[i]);
            Assert.Equal(Encoding.UTF8.GetByteCount(lines[i]), summary.RootElement.GetProperty("bytes").GetInt32());
            Assert.Equal($"m{i + 1}", summary.RootElement.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_line_that_is_json_but_not_a_record_is_skipped_not_fatal()
    {
        var path = Path.Combine(_dir.Path, "s.jsonl");
        await File.WriteAllTextAsync(path, Notice(1, 0) + "\n[1,2]\n\"text\"\n" + Notice(2, 0) + "\n", TestContext.Current.CancellationToken);
        var summaries = await Reader().GetSummariesAsync("s", 0, TestContext.Current.CancellationToken);
        Assert.Equal([1L, 2L], Seqs(summaries));
    }

    [Fact]
    public async Task Lines_with_whitespace_between_tokens_are_records_too()
    {
        var path = Path.Combine(_dir.Path, "s.jsonl");
        var spaced = "{ \"v\": 1,\t\"seq\" : 2, \"type\": \"notice\", \"ts\": \"t\", \"session_id\": \"s\", \"level\": \"info\", \"message\": \"m2\" }";
        var late = "{\"type\":\"notice\",\"session_id\":\"s\",\"message\":\"" + new string('p', 200) + "\",\"v\":1,\"seq\":3}";
        await File.WriteAllTextAsync(path, Notice(1, 0) + "\n" + spaced + "\n" + late + "\n", TestContext.Current.CancellationToken);
        var reader = Reader();
        var summaries = await reader.GetSummariesAsync("s", 0, TestContext.Current.CancellationToken);
        Assert.Equal([1L, 2L, 3L], Seqs(summaries));
        Assert.Equal(spaced, Encoding.UTF8.GetString((await reader.FindLineAsync("s", 2, TestContext.Current.CancellationToken))!.Value.Span));
        Assert.Equal(3, SessionLogFile.ReadLastSequence(path));
    }

    private static long[] Seqs(IReadOnlyList<ReadOnlyMemory<byte>> summaries)
        => summaries.Select(s => JsonDocument.Parse(s).RootElement.GetProperty("seq").GetInt64()).ToArray();

    public void Dispose() => _dir.Dispose();
}
