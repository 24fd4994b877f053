using System.Text.Json;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>The session picker: newest first, live only while Claude Code runs, entries told apart, new sessions announced.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionPickerTests
{
    private readonly BrowserFixture _browser;

    public SessionPickerTests(BrowserFixture browser) => _browser = browser;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task PostAsync(RecordedSession session, string sessionId, string hookEvent, string? prompt = null)
        => RecordedSessionBuilder.PostHookAsync(session.Tracer.Http, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["session_id"] = sessionId,
            ["transcript_path"] = "/home/dev/.claude/projects/-work-other-app/" + sessionId + ".jsonl",
            ["cwd"] = "/work/other-app",
            ["hook_event_name"] = hookEvent,
            ["prompt"] = prompt,
        }), Ct);

    private async Task<TimelinePage> OpenAsync(RecordedSession session, string sessionId, int rows)
    {
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(session.Tracer.Root + "#session=" + sessionId, rows);
        return ui;
    }

    [Fact]
    public async Task Sessions_are_listed_newest_first_with_prompt_folder_and_turns_and_only_running_ones_are_live()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("", Ct);
        await PostAsync(session, "s-new", "SessionStart");
        await PostAsync(session, "s-new", "UserPromptSubmit", "fix the login bug");
        await RecordedSessionBuilder.WaitForRecordsAsync(session.Tracer.Http, "s-new", 2, Ct);

        var ui = await OpenAsync(session, RecordedSessionBuilder.SessionId, RecordedSessionBuilder.ExpectedRows.Count);

        var options = ui.Page.Locator("#sessions option");
        await Expect(options).ToHaveCountAsync(2);
        var running = options.Nth(0);
        await Expect(running).ToHaveAttributeAsync("value", "s-new");
        await Expect(running).ToHaveAttributeAsync("data-active", "true");
        await Expect(running).ToContainTextAsync("live");
        await Expect(running).ToContainTextAsync("fix the login bug");
        await Expect(running).ToContainTextAsync("other-app");
        await Expect(running).ToContainTextAsync("0 turns");
        var ended = options.Nth(1);
        await Expect(ended).ToHaveAttributeAsync("value", RecordedSessionBuilder.SessionId);
        await Expect(ended).ToHaveAttributeAsync("data-active", "false");
        await Expect(ended).ToHaveAttributeAsync("data-ended", "true");
        await Expect(ended).Not.ToContainTextAsync("live");
        await Expect(ended).ToContainTextAsync("run echo hi");
        await Expect(ended).ToContainTextAsync("project");
        await Expect(ended).ToContainTextAsync("2 turns");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task A_new_session_is_announced_and_offered_while_the_shown_one_still_runs()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("", Ct);
        await PostAsync(session, "s-run", "UserPromptSubmit", "first task");
        await RecordedSessionBuilder.WaitForRecordsAsync(session.Tracer.Http, "s-run", 1, Ct);
        var ui = await OpenAsync(session, "s-run", 1);

        await PostAsync(session, "s-next", "UserPromptSubmit", "second task");

        var announce = ui.Page.Locator("#announce");
        await Expect(announce).ToBeVisibleAsync();
        await Expect(announce).ToHaveAttributeAsync("data-mode", "offer");
        await Expect(announce).ToHaveAttributeAsync("data-session", "s-next");
        await Expect(ui.Page.Locator("#sessions option").First).ToHaveAttributeAsync("value", "s-next");
        await Expect(ui.Page.Locator("#sessions option").First).ToContainTextAsync("second task");
        await Expect(ui.Page.Locator("#sessions")).ToHaveValueAsync("s-run");
        await ui.ScreenshotAsync("session-announced");

        await ui.Page.Locator("#announce-switch").ClickAsync();
        await Expect(ui.Page.Locator("#sessions")).ToHaveValueAsync("s-next");
        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", "1");
        await Expect(announce).ToBeHiddenAsync();
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task When_the_shown_session_has_ended_the_page_switches_to_a_new_one_and_says_so()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("", Ct);
        var ui = await OpenAsync(session, RecordedSessionBuilder.SessionId, RecordedSessionBuilder.ExpectedRows.Count);

        await PostAsync(session, "s-after", "SessionStart");
        await PostAsync(session, "s-after", "UserPromptSubmit", "next task");

        await Expect(ui.Page.Locator("#sessions")).ToHaveValueAsync("s-after");
        await Expect(ui.Page.Locator("#announce")).ToHaveAttributeAsync("data-mode", "switched");
        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", "2");
        await ui.Page.CloseAsync();
    }
}
