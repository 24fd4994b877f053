using System.Text;
using System.Text.RegularExpressions;
using CcTracer.TestKit;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>The UI while records arrive, and the tracer states around a session; each test has its own server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveTimelineTests
{
    private readonly BrowserFixture _browser;

    public LiveTimelineTests(BrowserFixture browser) => _browser = browser;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_live_record_appears_without_reload()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("", Ct);
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(session.PageUrl, RecordedSessionBuilder.ExpectedRows.Count);
        await ui.Page.EvaluateAsync("() => { window.__noReload = true; }");

        var prompt = $"{{\"session_id\":\"{session.SessionId}\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"and now a second prompt\"}}";
        await RecordedSessionBuilder.PostHookAsync(session.Tracer.Http, Encoding.UTF8.GetBytes(prompt), Ct);

        var row = ui.Row(RecordedSessionBuilder.RecordCount + 1);
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".c-name")).ToContainTextAsync("and now a second prompt");
        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", (RecordedSessionBuilder.ExpectedRows.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The same document: the page was updated by the live feed, not reloaded.
        Assert.True(await ui.Page.EvaluateAsync<bool>("() => window.__noReload === true"));
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task An_unknown_hook_event_and_an_unknown_record_type_are_shown_not_hidden()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("", Ct);
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(session.PageUrl, RecordedSessionBuilder.ExpectedRows.Count);

        var novel = $"{{\"session_id\":\"{session.SessionId}\",\"hook_event_name\":\"BrandNewEvent2027\",\"novel\":{{\"x\":[1,2,3]}}}}";
        await RecordedSessionBuilder.PostHookAsync(session.Tracer.Http, Encoding.UTF8.GetBytes(novel), Ct);
        await RecordedSessionBuilder.WaitForRecordsAsync(session.Tracer.Http, session.SessionId, RecordedSessionBuilder.RecordCount + 1, Ct);
        Assert.True(session.Tracer.Log.Append(new FutureRecord(session.SessionId)));

        var hook = ui.Row(RecordedSessionBuilder.RecordCount + 1);
        await Expect(hook).ToHaveAttributeAsync("data-kind", "hook");
        await Expect(hook.Locator(".c-name b")).ToHaveTextAsync("BrandNewEvent2027");
        var future = ui.Row(RecordedSessionBuilder.RecordCount + 2);
        await Expect(future).ToHaveAttributeAsync("data-kind", "other");
        await Expect(future).ToHaveAttributeAsync("data-type", FutureRecord.TypeName);
        await Expect(future.Locator(".c-name b")).ToHaveTextAsync(FutureRecord.TypeName);

        // Both open: the unknown event's payload, the unknown type raw.
        await ui.SelectAsync(RecordedSessionBuilder.RecordCount + 1, "payload");
        await Expect(ui.DetailBody).ToContainTextAsync("\"novel\"");
        await ui.SelectAsync(RecordedSessionBuilder.RecordCount + 2);
        await Expect(ui.DetailBody).ToHaveAttributeAsync("data-panel", "raw");
        await Expect(ui.DetailBody.Locator("[data-raw]")).ToContainTextAsync("from-the-future");
        await Expect(ui.DetailBody).ToContainTextAsync("not known to this UI");
        await ui.ScreenshotAsync("unknown-record");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task The_empty_state_shows_guidance_when_there_are_no_sessions_then_a_session_arrives_live()
    {
        await using var tracer = await KestrelTracer.StartAsync();
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.Page.GotoAsync(tracer.Root.ToString());
        await Expect(ui.Page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
        await Expect(ui.Empty).ToHaveAttributeAsync("data-state", "no-sessions");
        await Expect(ui.Empty).ToContainTextAsync("No sessions yet");
        await Expect(ui.Empty).ToContainTextAsync("export ANTHROPIC_BASE_URL=" + tracer.Root.ToString().TrimEnd('/'));
        await Expect(ui.Empty).ToContainTextAsync(tracer.Root + "hooks");
        await Expect(ui.Rows).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("empty-state");

        await RecordedSessionBuilder.PostHookAsync(tracer.Http, "SessionStart", Ct);
        await Expect(ui.Row(1)).ToBeVisibleAsync();
        await Expect(ui.Empty).ToBeHiddenAsync();
        await Expect(ui.Page.Locator("#sessions")).ToHaveValueAsync(RecordedSessionBuilder.SessionId);
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task The_ui_works_under_a_route_prefix()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("/trace", Ct);
        Assert.EndsWith("/trace/", session.Tracer.Root.AbsolutePath, StringComparison.Ordinal);
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(session.PageUrl, RecordedSessionBuilder.ExpectedRows.Count);

        // Records and details are fetched relative to the prefix, and the live feed connects there.
        await ui.SelectAsync(3, "response");
        await Expect(ui.DetailBody.Locator("[data-block-type=tool_use]")).ToContainTextAsync("echo hi");
        await RecordedSessionBuilder.PostHookAsync(session.Tracer.Http, "Stop", Ct);
        await Expect(ui.Row(RecordedSessionBuilder.RecordCount + 1)).ToBeVisibleAsync();
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task Tool_filter_finds_api_turns_by_their_tool_names_when_no_hooks_were_sent()
    {
        // A proxy-only session (hooks not installed): only the response names the tool.
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        upstream.Enqueue(RecordedSessionBuilder.ToolTurn("toolu_02"));
        await using var tracer = await KestrelTracer.StartAsync("", upstream.BaseUri);
        await RecordedSessionBuilder.SendTurnAsync(tracer.Http, "request-first-turn.json", Ct);
        await RecordedSessionBuilder.WaitForRecordsAsync(tracer.Http, RecordedSessionBuilder.SessionId, 2, Ct);
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(tracer.Root + "#session=" + RecordedSessionBuilder.SessionId, 1);

        await Expect(ui.Page.Locator("#f-tool option[value=Bash]")).ToHaveCountAsync(1);
        await ui.Page.Locator("#f-tool").SelectOptionAsync("Bash");
        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", "1");
        await Expect(ui.Row(1)).ToHaveAttributeAsync("data-kind", "api");
        await Expect(ui.Row(1)).ToHaveClassAsync(new Regex(@"\brow\b"));
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task An_edit_hook_shows_its_change_as_a_diff()
    {
        await using var session = await RecordedSessionBuilder.StartAsync("", Ct);
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(session.PageUrl, RecordedSessionBuilder.ExpectedRows.Count);
        var edit = $$$"""
            {"session_id":"{{{session.SessionId}}}","hook_event_name":"PreToolUse","tool_name":"Edit","tool_use_id":"toolu_03",
             "tool_input":{"file_path":"/home/dev/project/greet.sh","old_string":"#!/bin/sh\necho hi\nexit 0","new_string":"#!/bin/sh\necho hello\necho world\nexit 0"}}
            """.ReplaceLineEndings(string.Empty);
        await RecordedSessionBuilder.PostHookAsync(session.Tracer.Http, Encoding.UTF8.GetBytes(edit), Ct);

        await ui.SelectAsync(RecordedSessionBuilder.RecordCount + 1, "diff");
        var diff = ui.DetailBody.Locator("[data-diff]");
        await Expect(diff.Locator(".del")).ToHaveCountAsync(1);
        await Expect(diff.Locator(".add")).ToHaveCountAsync(2);
        await Expect(diff.Locator(".del")).ToContainTextAsync("echo hi");
        await Expect(diff.Locator(".add").First).ToContainTextAsync("echo hello");
        await Expect(ui.DetailBody).ToContainTextAsync("/home/dev/project/greet.sh");
        await ui.ScreenshotAsync("hook-diff");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task A_turn_in_flight_shows_as_streaming_and_completes_in_place()
    {
        using var gate = new StepGate();
        await using var upstream = await ScriptedUpstream.StartAsync(cancellationToken: Ct);
        upstream.Enqueue(RecordedSessionBuilder.ToolTurn(gate: gate));
        await using var tracer = await KestrelTracer.StartAsync("", upstream.BaseUri);
        await RecordedSessionBuilder.PostHookAsync(tracer.Http, "SessionStart", Ct);
        await RecordedSessionBuilder.WaitForRecordsAsync(tracer.Http, RecordedSessionBuilder.SessionId, 1, Ct);
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(tracer.Root + "#session=" + RecordedSessionBuilder.SessionId, 1);

        // The upstream sends message_start, then waits for the test: the turn is open.
        var turn = RecordedSessionBuilder.SendTurnAsync(tracer.Http, "request-first-turn.json", Ct);
        var row = ui.Row(2);
        await Expect(row).ToHaveAttributeAsync("data-state", "streaming");
        await Expect(row.Locator(".c-st")).ToContainTextAsync("streaming");
        await ui.SelectAsync(2, "response");
        await Expect(ui.DetailBody).ToContainTextAsync("Streaming");

        gate.Release(1000);
        await turn;
        await Expect(row).ToHaveAttributeAsync("data-state", "done");
        await Expect(row).ToHaveAttributeAsync("data-res-seq", "3");
        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", "2");

        // The open detail switches from the progress line to the finished turn by itself.
        await Expect(ui.DetailBody.Locator("[data-block-type=tool_use]")).ToContainTextAsync("echo hi");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task A_rejected_hook_post_is_shown_with_its_reason()
    {
        await using var tracer = await KestrelTracer.StartAsync();
        await RecordedSessionBuilder.PostHookAsync(tracer.Http, "SessionStart", Ct);
        var ui = new TimelinePage(await _browser.NewPageAsync());
        await ui.OpenAsync(tracer.Root + "#session=" + RecordedSessionBuilder.SessionId, 1);

        // Not JSON: the sink answers 400 and still logs it, under the session id it could salvage.
        using var bad = new StringContent("{\"session_id\":\"" + RecordedSessionBuilder.SessionId + "\",\"x\":", Encoding.UTF8, "application/json");
        using var response = await tracer.Http.PostAsync("hooks/PreToolUse", bad, Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);

        var row = ui.Row(2);
        await Expect(row).ToHaveAttributeAsync("data-type", "hook_rejected");
        await Expect(row.Locator(".c-st")).ToHaveTextAsync("rejected");
        await Expect(row.Locator(".c-name b")).ToHaveTextAsync("hook rejected · PreToolUse");
        await Expect(row.Locator(".c-name .pv")).Not.ToBeEmptyAsync();
        var reason = await row.Locator(".c-name .pv").TextContentAsync();
        await ui.SelectAsync(2, "payload");
        await Expect(ui.DetailBody.Locator(".banner.bad")).ToContainTextAsync(reason!.Trim());
        await ui.Page.CloseAsync();
    }
}
