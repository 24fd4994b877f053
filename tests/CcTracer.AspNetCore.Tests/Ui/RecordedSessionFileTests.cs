using System.Text.Json;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// tests/fixtures/sessions/one-tool-session.jsonl is a copy of what <see cref="RecordedSessionBuilder"/>
/// records, for tests that want a real session log without running the tracer. This keeps the
/// copy honest: it must have the shape of a fresh recording. Set CC_TRACER_UPDATE_FIXTURES=1 to
/// rewrite it after a deliberate change to the record format.
/// </summary>
public sealed class RecordedSessionFileTests
{
    private const string FixtureName = "one-tool-session.jsonl";

    [Fact]
    public async Task The_saved_one_tool_session_has_the_shape_of_a_fresh_recording()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await RecordedSessionBuilder.StartAsync("", ct);
        await session.Tracer.Log.FlushAsync(ct);
        var fresh = await File.ReadAllLinesAsync(Path.Combine(session.Tracer.LogDirectory, session.SessionId + ".jsonl"), ct);
        var freshRecords = await RecordsAsync(Path.Combine(session.Tracer.LogDirectory, session.SessionId + ".jsonl"), ct);
        Assert.Equal(RecordedSessionBuilder.RecordCount, freshRecords.Count);

        if (Environment.GetEnvironmentVariable("CC_TRACER_UPDATE_FIXTURES") == "1")
        {
            var source = Path.Combine(Path.GetDirectoryName(Artifacts.UiDirectory)!, "..", "tests", "fixtures", "sessions", FixtureName);
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            await File.WriteAllLinesAsync(source, fresh, ct);
        }

        // The saved copy is a v1 log, a fresh recording v2: both are compared as the reader returns them.
        var saved = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "sessions", FixtureName), ct);
        var savedRecords = await RecordsAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "sessions", FixtureName), ct);
        Assert.Equal(freshRecords.Select(Shape), savedRecords.Select(Shape));
        // A fixture others copy from must never carry the key the requests were sent with.
        using var request = JsonDocument.Parse(await File.ReadAllBytesAsync(FixturePaths.File("request-first-turn.json"), ct));
        var key = request.RootElement.GetProperty("headers").GetProperty("x-api-key").GetString()!;
        Assert.DoesNotContain(saved, l => l.Contains(key, StringComparison.Ordinal));
    }

    private static async Task<List<string>> RecordsAsync(string path, CancellationToken ct)
    {
        var lines = new List<string>();
        await foreach (var record in CcTracer.Storage.SessionLogReader.ReadFileAsync(path, 0, null, ct))
        {
            lines.Add(System.Text.Encoding.UTF8.GetString(record.Line.Span));
        }

        return lines;
    }

    /// <summary>What must match: order, types, hook events, tool ids, which records share an exchange, the request bodies.</summary>
    private static string Shape(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        string? S(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var body = S("type") == "api_request" && r.TryGetProperty("body", out var b) ? b.GetRawText().Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var message = r.TryGetProperty("message", out var m) ? m.GetProperty("stop_reason").GetString() : "";
        return string.Join('|', r.GetProperty("seq").GetInt64(), S("type"), S("event"), S("tool_use_id"), S("exchange_id") is null ? "" : "x", S("kind"), body, message,
            r.TryGetProperty("complete", out var c) ? c.GetRawText() : "");
    }
}
