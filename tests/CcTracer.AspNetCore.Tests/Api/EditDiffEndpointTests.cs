using System.Net;
using System.Text.Json;
using CcTracer.AspNetCore.Tests.Ui;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Api;

/// <summary><c>GET /api/sessions/{id}/records/{seq}/diff</c>: Core's diff of an editing hook, as JSON.</summary>
public sealed class EditDiffEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_edit_hook_answers_hunks_with_the_files_line_numbers()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        var fixture = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "edits", "hook-PostToolUse-Edit.json"), Ct);
        await RecordedSessionBuilder.PostHookAsync(client, JsonSerializer.SerializeToUtf8Bytes(JsonDocument.Parse(fixture).RootElement), Ct);
        const string session = "5b0c7a0e-2f7e-4d0a-9a51-3d2f0c1e7b11";
        await RecordedSessionBuilder.WaitForRecordsAsync(client, session, 1, Ct);

        using var response = await client.GetAsync($"/api/sessions/{session}/records/1/diff", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = body.RootElement;
        Assert.Equal("structured_patch", root.GetProperty("source").GetString());
        Assert.Equal("/home/dev/project/settings.py", root.GetProperty("path").GetString());
        Assert.Equal((1, 1), (root.GetProperty("added").GetInt32(), root.GetProperty("removed").GetInt32()));
        var hunk = root.GetProperty("hunks")[0];
        Assert.Equal(18, hunk.GetProperty("old_start").GetInt32());
        var removed = hunk.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("op").GetString() == "-");
        Assert.Equal(21, removed.GetProperty("old").GetInt32());
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("new").ValueKind);
    }

    [Fact]
    public async Task Other_records_answer_422_and_missing_ones_404_with_a_json_error()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        await RecordedSessionBuilder.PostHookAsync(client, "PreToolUse", Ct);
        await RecordedSessionBuilder.WaitForRecordsAsync(client, RecordedSessionBuilder.SessionId, 1, Ct);

        using var bash = await client.GetAsync($"/api/sessions/{RecordedSessionBuilder.SessionId}/records/1/diff", Ct);
        using var missing = await client.GetAsync($"/api/sessions/{RecordedSessionBuilder.SessionId}/records/99/diff", Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bash.StatusCode);
        Assert.Equal("no_diff", JsonDocument.Parse(await bash.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not_found", JsonDocument.Parse(await missing.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("error").GetProperty("type").GetString());
    }
}
