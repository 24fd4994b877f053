using System.Text;
using System.Text.Json;
using CcTracer.Live;
using CcTracer.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Core.Tests.Storage;

public sealed class SessionLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private IOptions<TraceStoreOptions> Options(int pending = 100_000)
        => Microsoft.Extensions.Options.Options.Create(new TraceStoreOptions { LogDirectory = _dir.Path, MaxPendingRecords = pending });

    private static HookRecord Hook(string session, int i)
        => new(session, "PreToolUse", $"toolu_{i}", Encoding.UTF8.GetBytes($"{{\"session_id\":\"{session}\",\"hook_event_name\":\"PreToolUse\",\"i\":{i},\"pad\":\"{new string('x', i % 300)}\"}}"));

    [Fact]
    public async Task Concurrent_writers_lose_nothing_and_interleave_no_partial_lines()
    {
        var options = Options();
        await using (var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()))))
        {
            var sessions = new[] { "s-a", "s-b", "s-c" };
            await Parallel.ForAsync(0, 8, TestContext.Current.CancellationToken, (t, _) =>
            {
                for (var i = 0; i < 2_000; i++)
                {
                    Assert.True(log.Append(Hook(sessions[(t + i) % 3], (t * 10_000) + i)));
                }

                return ValueTask.CompletedTask;
            });
        }

        var all = new List<StoredRecord>();
        var warnings = new List<string>();
        foreach (var session in new[] { "s-a", "s-b", "s-c" })
        {
            var seqs = new List<long>();
            await foreach (var r in SessionLogReader.ReadFileAsync(Path.Combine(_dir.Path, session + ".jsonl"), 0, warnings.Add, TestContext.Current.CancellationToken))
            {
                Assert.Equal(session, r.SessionId);
                seqs.Add(r.Seq);
                all.Add(r);
            }

            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        }

        Assert.Empty(warnings);
        Assert.Equal(16_000, all.Count);
        var ids = all.Select(r => r.Root.GetProperty("payload").GetProperty("i").GetInt32()).ToHashSet();
        Assert.Equal(16_000, ids.Count);
    }

    [Fact]
    public async Task Writer_flushes_by_itself_without_being_asked()
    {
        var options = Options();
        await using var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions())));
        log.Append(Hook("s-flush", 1));
        var path = Path.Combine(_dir.Path, "s-flush.jsonl");

        // No FlushAsync: the writer must flush when its channel runs dry. Poll, bounded.
        var text = "";
        for (var i = 0; i < 500 && !text.EndsWith('\n'); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
            text = File.Exists(path) ? ReadShared(path) : "";
        }

        Assert.Contains("\"seq\":1,", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Torn_last_line_is_skipped_with_a_warning_and_numbering_continues_after_restart()
    {
        var options = Options();
        await using (var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()))))
        {
            log.Append(Hook("s-torn", 1));
            log.Append(Hook("s-torn", 2));
        }

        var path = Path.Combine(_dir.Path, "s-torn.jsonl");
        await File.AppendAllTextAsync(path, "{\"v\":1,\"seq\":3,\"type\":\"hook\",\"payl", TestContext.Current.CancellationToken);

        var warnings = new List<string>();
        var seqs = new List<long>();
        await foreach (var r in SessionLogReader.ReadFileAsync(path, 0, warnings.Add, TestContext.Current.CancellationToken))
        {
            seqs.Add(r.Seq);
        }

        Assert.Equal([1L, 2L], seqs);
        var warning = Assert.Single(warnings);
        Assert.Contains("torn", warning, StringComparison.Ordinal);

        // A restarted server continues after the last complete record and starts a fresh line.
        await using (var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()))))
        {
            log.Append(Hook("s-torn", 3));
        }

        seqs.Clear();
        await foreach (var r in SessionLogReader.ReadFileAsync(path, 0, null, TestContext.Current.CancellationToken))
        {
            seqs.Add(r.Seq);
        }

        Assert.Equal([1L, 2L, 3L], seqs);
    }

    [Fact]
    public async Task Full_channel_drops_instead_of_blocking_and_says_so_in_the_log()
    {
        var options = Options(pending: 16);
        var accepted = 0;
        var dropped = 0;
        await using (var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()))))
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (log.Append(Hook("s-full", i)))
                {
                    accepted++;
                }
                else
                {
                    dropped++;
                }
            }

            Assert.Equal(dropped, log.DroppedRecords);
        }

        var records = new List<StoredRecord>();
        await foreach (var r in SessionLogReader.ReadFileAsync(Path.Combine(_dir.Path, "s-full.jsonl"), 0, null, TestContext.Current.CancellationToken))
        {
            records.Add(r);
        }

        Assert.Equal(accepted, records.Count(r => r.Type == RecordTypes.Hook));
        if (dropped > 0)
        {
            var notices = records.Where(r => r.Type == RecordTypes.Notice).ToList();
            Assert.NotEmpty(notices);
            Assert.Equal(dropped, notices.Sum(n => long.Parse(n.Root.GetProperty("detail").GetString()!["dropped=".Length..], System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Seq));
    }

    [Fact]
    public async Task Credentials_never_reach_the_file()
    {
        const string key = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789-SECRETSECRETSECRET";
        var options = Options();
        await using (var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()))))
        {
            log.Append(new ApiRequestRecord("s-key", "x1", "POST", "/v1/messages?beta=true",
                [new("x-api-key", key), new("Authorization", "Bearer " + key), new("anthropic-version", "2023-06-01"), new("Cookie", "session=" + key)],
                "{\"model\":\"m\"}"u8.ToArray()) { Model = "m", Stream = true });
        }

        var text = ReadShared(Path.Combine(_dir.Path, "s-key.jsonl"));
        // No byte of the key survives, not even its prefix; the marker names its kind, the scheme stays.
        Assert.DoesNotContain("SECRETSECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant", text, StringComparison.Ordinal);
        Assert.Contains("\"x-api-key\":\"[masked:anthropic-key:", text, StringComparison.Ordinal);
        Assert.Contains("Bearer [masked:anthropic-key:", text, StringComparison.Ordinal);
        Assert.Contains("session=[masked:anthropic-key:", text, StringComparison.Ordinal);
        Assert.Contains("\"anthropic-version\":\"2023-06-01\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bodies_keep_their_exact_bytes_in_every_form()
    {
        var compact = "{\"a\":\"é\\u00e9\",  \"b\":[1,2.50]}"u8.ToArray();
        var pretty = "{\n  \"a\": 1\n}\n"u8.ToArray();
        var binary = new byte[] { 0xff, 0x00, 0xfe, 0x10 };
        var options = Options();
        await using (var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()))))
        {
            log.Append(new ApiRequestRecord("s-body", "1", "POST", "/v1/x", [], compact));
            log.Append(new ApiRequestRecord("s-body", "2", "POST", "/v1/x", [], pretty));
            log.Append(new ApiRequestRecord("s-body", "3", "POST", "/v1/x", [], binary));
        }

        var records = new List<StoredRecord>();
        await foreach (var r in SessionLogReader.ReadFileAsync(Path.Combine(_dir.Path, "s-body.jsonl"), 0, null, TestContext.Current.CancellationToken))
        {
            records.Add(r);
        }

        Assert.Equal(compact, records[0].GetBody());
        Assert.Equal(pretty, records[1].GetBody());
        Assert.Equal(binary, records[2].GetBody());

        // Read back in the v1 shape: the compact JSON embedded byte for byte.
        Assert.Contains("\"body\":{\"a\":\"é\\u00e9\",  \"b\":[1,2.50]}", Encoding.UTF8.GetString(records[0].Line.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_session_ids_cannot_escape_the_log_directory()
    {
        var options = Options();
        await using (var log = new SessionLog(options, new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()))))
        {
            log.Append(Hook("../../etc/passwd", 1));
            log.Append(Hook(null!, 2));
        }

        var files = Directory.GetFiles(_dir.Path).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(["______etc_passwd.jsonl", "unattributed.jsonl"], files);
    }

    [Fact]
    public async Task Live_subscribers_see_written_records_as_summaries()
    {
        var options = Options();
        var feed = new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions()));
        using var subscription = feed.Subscribe("s-live");
        await using var log = new SessionLog(options, feed);
        log.Append(new HookRecord("s-live", "UserPromptSubmit", null, File.ReadAllBytes(CcTracer.TestKit.FixturePaths.File("hook-UserPromptSubmit.json"))));
        log.Append(Hook("s-other", 1));

        var item = await subscription.Reader.ReadAsync(TestContext.Current.CancellationToken);
        if (item.Event == "session")
        {
            item = await subscription.Reader.ReadAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal("record", item.Event);
        using var summary = JsonDocument.Parse(item.Data);
        Assert.Equal(1, summary.RootElement.GetProperty("seq").GetInt64());
        Assert.Equal("UserPromptSubmit", summary.RootElement.GetProperty("event").GetString());
        Assert.Equal("run echo hi", summary.RootElement.GetProperty("preview").GetString());
    }

    [Fact]
    public void Slow_live_subscriber_is_told_how_many_items_it_missed()
    {
        var feed = new LiveFeed(Microsoft.Extensions.Options.Options.Create(new LiveFeedOptions { SubscriberBuffer = 16 }));
        using var subscription = feed.Subscribe();
        for (var i = 0; i < 100; i++)
        {
            feed.Publish(new LiveItem("record", "s", Encoding.UTF8.GetBytes($"{{\"seq\":{i}}}")));
        }

        var first = new List<LiveItem>();
        while (subscription.Reader.TryRead(out var item))
        {
            first.Add(item);
        }

        Assert.Equal(16, first.Count);
        feed.Publish(new LiveItem("record", "s", "{\"seq\":100}"u8.ToArray()));
        Assert.True(subscription.Reader.TryRead(out var dropped));
        Assert.Equal("dropped", dropped.Event);
        Assert.Equal("{\"count\":84}", Encoding.UTF8.GetString(dropped.Data.Span));
        Assert.True(subscription.Reader.TryRead(out var next));
        Assert.Equal("{\"seq\":100}", Encoding.UTF8.GetString(next.Data.Span));
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose() => _dir.Dispose();
}
