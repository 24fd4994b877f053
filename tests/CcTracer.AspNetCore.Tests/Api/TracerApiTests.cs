using System.Net;
using System.Text;
using System.Text.Json;
using CcTracer.AspNetCore.Tests.Ui;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Api;

public sealed class TracerApiTests
{
    private static StringContent Hook(string session, string name, string extra = "")
        => new($"{{\"session_id\":\"{session}\",\"hook_event_name\":\"{name}\"{extra}}}", Encoding.UTF8, "application/json");

    [Fact]
    public async Task Health_identifies_the_tracer()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        using var health = JsonDocument.Parse(await client.GetStringAsync("/api/health", TestContext.Current.CancellationToken));
        Assert.Equal("cc-tracer", health.RootElement.GetProperty("name").GetString());
        Assert.Equal(Environment.ProcessId, health.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal(Path.GetFullPath(tracer.LogDirectory), health.RootElement.GetProperty("log_dir").GetString());
    }

    [Fact]
    public async Task Sessions_records_record_and_search_read_back_what_hooks_wrote()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        (await client.PostAsync("/hooks", Hook("s-1", "UserPromptSubmit", ",\"prompt\":\"find the \\\"needle\\\" please\""), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await client.PostAsync("/hooks", Hook("s-1", "PreToolUse", ",\"tool_name\":\"Bash\",\"tool_use_id\":\"toolu_9\",\"tool_input\":{\"command\":\"ls\"}"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await client.PostAsync("/hooks", Hook("s-2", "Stop"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await tracer.Log.FlushAsync(TestContext.Current.CancellationToken);

        using var sessions = JsonDocument.Parse(await client.GetStringAsync("/api/sessions", TestContext.Current.CancellationToken));
        Assert.Equal(["s-1", "s-2"], sessions.RootElement.EnumerateArray().Select(s => s.GetProperty("session_id").GetString()).Order());

        using var records = JsonDocument.Parse(await client.GetStringAsync("/api/sessions/s-1/records", TestContext.Current.CancellationToken));
        var rows = records.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal("find the \"needle\" please", rows[0].GetProperty("preview").GetString());
        Assert.Equal("Bash", rows[1].GetProperty("tool_name").GetString());
        Assert.Equal("toolu_9", rows[1].GetProperty("tool_use_id").GetString());

        using var after = JsonDocument.Parse(await client.GetStringAsync("/api/sessions/s-1/records?after=1", TestContext.Current.CancellationToken));
        Assert.Equal(2, Assert.Single(after.RootElement.EnumerateArray()).GetProperty("seq").GetInt64());

        var line = await client.GetStringAsync("/api/sessions/s-1/records/2", TestContext.Current.CancellationToken);
        Assert.StartsWith("{\"v\":2,\"seq\":2,", line, StringComparison.Ordinal);
        using var missing = await client.GetAsync("/api/sessions/s-1/records/99", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var search = JsonDocument.Parse(await client.GetStringAsync("/api/sessions/s-1/search?q=NEEDLE%22%20please", TestContext.Current.CancellationToken));
        Assert.Equal([1L], search.RootElement.GetProperty("seqs").EnumerateArray().Select(e => e.GetInt64()));
        using var noQuery = await client.GetAsync("/api/sessions/s-1/search", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, noQuery.StatusCode);
    }

    [Fact]
    public async Task Live_feed_streams_new_records_as_server_sent_events()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        using var response = await client.GetAsync("/api/live?session=s-live", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        Assert.Equal("event: hello", await reader.ReadLineAsync(TestContext.Current.CancellationToken));

        (await client.PostAsync("/hooks", Hook("s-live", "Notification", ",\"message\":\"hi there\""), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        string? data = null;
        while (data is null)
        {
            var line = await reader.ReadLineAsync(TestContext.Current.CancellationToken);
            Assert.NotNull(line);
            if (line == "event: record")
            {
                data = (await reader.ReadLineAsync(TestContext.Current.CancellationToken))!["data: ".Length..];
            }
        }

        using var summary = JsonDocument.Parse(data);
        Assert.Equal("Notification", summary.RootElement.GetProperty("event").GetString());
        Assert.Equal("hi there", summary.RootElement.GetProperty("preview").GetString());
    }

    [Fact]
    public async Task Health_started_at_is_when_the_host_started_not_the_first_call()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = DateTimeOffset.UtcNow;
        await using var tracer = await InProcessTracer.StartAsync();
        var started = DateTimeOffset.UtcNow;

        // The first call comes strictly after the start, however coarse the clock.
        while (DateTimeOffset.UtcNow <= started)
        {
            await Task.Yield();
        }

        using var client = tracer.CreateClient();
        using var health = JsonDocument.Parse(await client.GetStringAsync("/api/health", ct));

        Assert.InRange(health.RootElement.GetProperty("started_at").GetDateTimeOffset(), before, started);
    }

    [Fact]
    public async Task Live_feed_ends_cleanly_when_the_host_stops_so_an_open_ui_does_not_hold_up_the_stop()
    {
        var ct = TestContext.Current.CancellationToken;

        // No grace limit: a stop that waited for the feed would never end.
        await using var tracer = await KestrelTracer.StartAsync(shutdownTimeout: Timeout.InfiniteTimeSpan);
        using var response = await tracer.Http.GetAsync(new Uri("api/live", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        Assert.Equal("event: hello", await reader.ReadLineAsync(ct));

        await tracer.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        // The response ends with its last chunk: reading to the end neither hangs nor finds the connection cut.
        var rest = await reader.ReadToEndAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.DoesNotContain("event: record", rest, StringComparison.Ordinal);
    }
}
