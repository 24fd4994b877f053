using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// The UI in a real browser against the real server holding a really recorded session
/// (hooks through the sink, turns through the proxy). These tests only read the session.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordedSessionTests : IClassFixture<RecordedSessionFixture>, IAsyncLifetime
{
    private readonly BrowserFixture _browser;
    private readonly RecordedSession _session;
    private TimelinePage _ui = null!;

    public RecordedSessionTests(BrowserFixture browser, RecordedSessionFixture session)
    {
        _browser = browser;
        _session = session.Session;
    }

    public async ValueTask InitializeAsync()
    {
        _ui = new TimelinePage(await _browser.NewPageAsync());
        await _ui.OpenAsync(_session.PageUrl, RecordedSessionBuilder.ExpectedRows.Count);
    }

    public async ValueTask DisposeAsync() => await _ui.Page.CloseAsync();

    [Fact]
    public async Task Timeline_lists_the_records_in_seq_order_with_their_kinds_and_names()
    {
        var rows = await _ui.VisibleRowsAsync();
        Assert.Equal(
            RecordedSessionBuilder.ExpectedRows.Select(r => (r.Kind, r.Name, r.Seqs)).ToArray(),
            rows.Select(r => (r.Kind, r.Name, r.Seqs)).ToArray());
        Assert.Equal(RecordedSessionBuilder.SessionId, await _ui.Page.Locator("#sessions").InputValueAsync());
        await Expect(_ui.Row(3)).ToHaveAttributeAsync("data-state", "done");
        await Expect(_ui.Row(3)).ToHaveAttributeAsync("data-tool-use-ids", RecordedSessionBuilder.ToolUseId);
        // The status cell: the code, then the analysis's cache verdict chip.
        await Expect(_ui.Row(3).Locator(".c-st")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^200(cold|hit|partial|miss|expired|none)?$"));
        await Expect(_ui.Row(8).Locator(".c-name")).ToContainTextAsync("end_turn");
        await Expect(_ui.Page.Locator("#empty")).ToBeHiddenAsync();
        await _ui.ScreenshotAsync("timeline");
    }

    [Fact]
    public async Task Api_rows_preview_what_the_turn_did_not_the_prompt()
    {
        // Turn 1 ended in a Bash call, turn 2 in an answer; the prompt ("run echo hi") is neither.
        await Expect(_ui.Row(3).Locator(".c-name .pv")).ToHaveTextAsync("→ Bash: echo hi");
        await Expect(_ui.Row(8).Locator(".c-name .pv")).ToHaveTextAsync("→ end_turn: " + RecordedSessionBuilder.FinalAnswer);
    }

    [Fact]
    public async Task Hook_rows_show_the_duration_the_hook_reports()
    {
        // PostToolUse carries duration_ms: 84 (the tool's run time); the summary passes it on.
        await Expect(_ui.Row(6).Locator(".c-dur")).ToHaveTextAsync("84 ms");
        await Expect(_ui.Row(5).Locator(".c-dur")).ToHaveTextAsync("");
    }

    [Fact]
    public async Task Turn_detail_shows_the_system_prompt_the_thinking_and_the_tool_input()
    {
        await _ui.SelectAsync(3, "request");
        var system = _ui.DetailBody.Locator("[data-block-type=system]");
        await Expect(system).ToHaveCountAsync(3);
        await Expect(system.Nth(2)).ToContainTextAsync("You are an interactive agent that helps users with software engineering tasks.");
        await Expect(_ui.DetailBody.Locator("[data-role=user]").First).ToContainTextAsync("run echo hi");
        await _ui.ScreenshotAsync("request-tab");

        await _ui.Tab("response").ClickAsync();
        await Expect(_ui.DetailBody).ToHaveAttributeAsync("data-panel", "response");
        await Expect(_ui.DetailBody.Locator("[data-block-type=thinking]")).ToContainTextAsync(RecordedSessionBuilder.Thinking);
        var toolUse = _ui.DetailBody.Locator("[data-block-type=tool_use]");
        await Expect(toolUse).ToContainTextAsync("Bash");
        await Expect(toolUse).ToContainTextAsync(RecordedSessionBuilder.ToolUseId);
        await Expect(toolUse.Locator("pre")).ToContainTextAsync("\"command\": \"echo hi\"");
        await _ui.ScreenshotAsync("response-tab");

        await _ui.Tab("timing").ClickAsync();
        await Expect(_ui.DetailBody).ToHaveAttributeAsync("data-panel", "timing");
        await Expect(_ui.DetailBody.Locator("[data-timing]")).ToContainTextAsync("block #1 tool_use");
        await Expect(_ui.DetailBody).ToContainTextAsync("SSE events");
        await _ui.ScreenshotAsync("timing-tab");

        await _ui.Tab("usage").ClickAsync();
        await Expect(_ui.DetailBody.Locator("[data-usage] tr", new() { HasText = "output tokens" })).ToContainTextAsync("61");
    }

    [Fact]
    public async Task Selecting_PreToolUse_highlights_the_api_turns_that_carry_its_tool_use_id()
    {
        await _ui.SelectAsync(5, "payload");
        await Expect(_ui.Row(5)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bselected\b"));

        // Turn 1 asked for toolu_01 (tool_use), turn 2 sent its result (tool_result); PostToolUse names it too.
        await Expect(_ui.Page.Locator("#timeline .row.related")).ToHaveCountAsync(3);
        var related = (await _ui.VisibleRowsAsync()).Where(r => r.Related).Select(r => r.Seq).ToArray();
        Assert.Equal([3L, 6L, 8L], related);
        Assert.All((await _ui.VisibleRowsAsync()).Where(r => r.Related), r => Assert.Contains(RecordedSessionBuilder.ToolUseId, r.Ids.Split(' ')));
        await Expect(_ui.DetailBody).ToContainTextAsync("echo hi");
        await _ui.ScreenshotAsync("hook-payload");

        // And back: selecting the turn highlights the hooks of its tool call.
        await _ui.SelectAsync(3);
        await Expect(_ui.Page.Locator("#timeline .row.related")).ToHaveCountAsync(3);
        await Expect(_ui.Row(5)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\brelated\b"));
    }

    [Fact]
    public async Task Search_filters_the_rows_to_the_matches_and_clearing_it_brings_them_back()
    {
        // In the previews: the final answer is the Stop hook's last message and turn 2's text.
        await _ui.Page.Locator("#search").FillAsync("Done: the command ran");
        await Expect(_ui.Timeline).ToHaveAttributeAsync("data-total", "2");
        var seqs = (await _ui.VisibleRowsAsync()).Select(r => r.Seq).ToArray();
        Assert.Equal(new long[] { 8L, 10L }, seqs);

        // Only in the full text (the system prompt of both requests): found by the server search.
        await _ui.Page.Locator("#search").FillAsync("interactive agent that helps users");

        // The previous search also left two rows: wait for the server's answer to replace them,
        // or the rows are read while the list is being redrawn.
        await Expect(_ui.Page.Locator("#timeline .row[data-seq='3']")).ToHaveCountAsync(1);
        await Expect(_ui.Page.Locator("#timeline .row[data-seq='10']")).ToHaveCountAsync(0);
        await Expect(_ui.Timeline).ToHaveAttributeAsync("data-total", "2");
        seqs = (await _ui.VisibleRowsAsync()).Select(r => r.Seq).ToArray();
        Assert.Equal(new long[] { 3L, 8L }, seqs);

        await _ui.Page.Locator("#search").FillAsync("no such text anywhere 0xdeadbeef");
        await Expect(_ui.Timeline).ToHaveAttributeAsync("data-total", "0");
        await Expect(_ui.Empty).ToHaveAttributeAsync("data-state", "no-match");

        await _ui.Page.Locator("#search").FillAsync("");
        await Expect(_ui.Timeline).ToHaveAttributeAsync("data-total", RecordedSessionBuilder.ExpectedRows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Tool_filter_keeps_the_tool_hooks_and_the_turns_that_used_the_tool()
    {
        await _ui.Page.Locator("#f-tool").SelectOptionAsync("Bash");
        await Expect(_ui.Timeline).ToHaveAttributeAsync("data-total", "4");
        var seqs = (await _ui.VisibleRowsAsync()).Select(r => r.Seq).ToArray();
        Assert.Equal(new long[] { 3L, 5L, 6L, 8L }, seqs);
    }
}
