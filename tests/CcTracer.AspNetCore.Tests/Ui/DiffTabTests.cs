using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>The Diff tab draws Core's diff (through the API) with the file's line numbers, and says where they come from.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DiffTabTests
{
    private readonly BrowserFixture _browser;

    public DiffTabTests(BrowserFixture browser) => _browser = browser;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fixture hook moved into the recorded session, as <paramref name="eventName"/>.</summary>
    private static byte[] Hook(string fixture, string? eventName = null, bool dropResponse = false)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "edits", fixture)))!.AsObject();
        node["session_id"] = RecordedSessionBuilder.SessionId;
        if (eventName is not null)
        {
            node["hook_event_name"] = eventName;
        }

        if (dropResponse)
        {
            node.Remove("tool_response");
        }

        return JsonSerializer.SerializeToUtf8Bytes(node);
    }

    /// <summary>Posts <paramref name="hook"/> after the recorded session and opens its Diff tab.</summary>
    private async Task<TimelinePage> OpenDiffAsync(RecordedSession session, byte[] hook)
    {
        await RecordedSessionBuilder.PostHookAsync(session.Tracer.Http, hook, Ct);
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(session.PageUrl, RecordedSessionBuilder.ExpectedRows.Count + 1);
        await ui.SelectAsync(RecordedSessionBuilder.RecordCount + 1, "diff");
        return ui;
    }

    [Fact]
    public async Task An_edit_on_line_21_shows_line_21_with_context_from_the_structured_patch()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("", Ct);
        var ui = await OpenDiffAsync(session, Hook("hook-PostToolUse-Edit.json"));

        var diff = ui.DetailBody.Locator("[data-diff]");
        await Expect(diff.Locator(".del")).ToHaveCountAsync(1);
        await Expect(diff.Locator(".del > span").Nth(0)).ToHaveTextAsync("21");
        await Expect(diff.Locator(".add > span").Nth(1)).ToHaveTextAsync("21");
        await Expect(diff.Locator(".add > span").Nth(3)).ToHaveTextAsync("    'option_21': 2100,  # raised");
        await Expect(diff.Locator(".ctx")).ToHaveCountAsync(6);
        await Expect(diff.Locator(".ctx > span").First).ToHaveTextAsync("18");
        await Expect(diff.Locator(".hunk")).ToHaveTextAsync("@@ -18,7 +18,7 @@");
        await Expect(ui.DetailBody.Locator("[data-diff-source]")).ToHaveAttributeAsync("data-diff-source", "structured_patch");
        await ui.ScreenshotAsync("diff-structured-patch");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task Without_the_response_the_diff_says_its_line_numbers_are_the_snippets()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("", Ct);
        var ui = await OpenDiffAsync(session, Hook("hook-PostToolUse-Edit.json", "PreToolUse", dropResponse: true));

        var source = ui.DetailBody.Locator("[data-diff-source]");
        await Expect(source).ToHaveAttributeAsync("data-diff-source", "snippet");
        await Expect(source).ToContainTextAsync("line numbers count from the start of the snippet");
        await Expect(source).ToContainTextAsync("The PostToolUse row of this call has the file's line numbers");
        await Expect(ui.DetailBody.Locator("[data-diff] .del > span").First).ToHaveTextAsync("1");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task A_write_that_created_the_file_is_shown_as_a_new_file()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("", Ct);
        var ui = await OpenDiffAsync(session, Hook("hook-PostToolUse-Write-create.json"));

        var source = ui.DetailBody.Locator("[data-diff-source]");
        await Expect(source).ToHaveAttributeAsync("data-diff-source", "new_file");
        await Expect(source).ToHaveTextAsync("New file: this Write created it.");
        await Expect(ui.DetailBody).Not.ToContainTextAsync("not captured");
        await Expect(ui.DetailBody.Locator("[data-diff] .add")).ToHaveCountAsync(2);
        await ui.Page.CloseAsync();
    }
}
