using System.Globalization;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>Swim lanes, the thread filter, [ ] by thread and the conversation view over a real session with subagents.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ThreadViewsTests
{
    private const string Single = "a7d63abba98d6858f";
    private const string PairOne = "a8cc11827a7937fdf";
    private const string NestedOuter = "ab8f614514158c530";
    private const string NestedInner = "ad569ee6ec532fa77";

    private readonly BrowserFixture _browser;

    public ThreadViewsTests(BrowserFixture browser) => _browser = browser;

    private static string S(long seq) => seq.ToString(CultureInfo.InvariantCulture);

    private async Task<TimelinePage> OpenAsync(PreparedSession session, int width)
    {
        var ui = new TimelinePage(await _browser.NewPageAsync(width, 900));
        await ui.OpenAsync(session.PageUrl, ThreadsSession.Rows);
        return ui;
    }

    [Fact]
    public async Task Each_thread_has_a_lane_and_the_agent_call_jumps_to_its_subagents_lane()
    {
        await using var session = await ThreadsSession.StartAsync();
        var ui = await OpenAsync(session, 1600);
        var lanes = ui.Page.Locator("#lanes .lane");
        await Expect(lanes).ToHaveCountAsync(6);
        Assert.Equal(["main", Single, PairOne, "a63087d051d25e316", NestedOuter, NestedInner], await lanes.EvaluateAllAsync<string[]>("ls => ls.map((l) => l.dataset.thread)"));
        await Expect(ui.Page.Locator("#lanes .lane[data-thread=main] .lbar")).ToHaveCountAsync(4);
        await Expect(ui.Page.Locator($"#lanes .lane[data-thread={PairOne}] .lbar")).ToHaveCountAsync(2);

        // The nested subagent's lane sits under its parent's, indented one step further.
        var indent = await ui.Page.Locator($"#lanes .lane[data-thread={NestedInner}] .ind").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        var parentIndent = await ui.Page.Locator($"#lanes .lane[data-thread={NestedOuter}] .ind").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.True(indent > parentIndent, $"{indent} vs {parentIndent}");
        await ui.ScreenshotAsync("threads-lanes-1600");

        // The main loop's first call started the single subagent: its marker jumps to that lane.
        await ui.Page.Locator($"#lanes .spawn[data-spawns={Single}]").ClickAsync();
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", "7");
        await Expect(ui.Page.Locator($"#lanes .lane[data-thread={Single}]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bcur\b"));
        // The nested one's marker is on its parent subagent's lane.
        await Expect(ui.Page.Locator($"#lanes .lane[data-thread={NestedOuter}] .spawn[data-spawns={NestedInner}]")).ToHaveCountAsync(1);

        await ui.Page.Locator("#lanes .lbar[data-seq='32']").ClickAsync();
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", "32");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task The_thread_filter_keeps_one_threads_calls_and_brackets_step_within_the_thread()
    {
        await using var session = await ThreadsSession.StartAsync();
        var ui = await OpenAsync(session, 1600);
        await Expect(ui.Page.Locator("#f-thread")).ToBeVisibleAsync();

        // [ and ] follow the thread: from 23 (parallel subagent one) the next is 32, not 24 (the other subagent).
        await ui.SelectAsync(23);
        await ui.Timeline.FocusAsync();
        await ui.Page.Keyboard.PressAsync("]");
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", "32");
        await ui.Page.Keyboard.PressAsync("[");
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", "23");

        await ui.Page.Locator("#f-thread").SelectOptionAsync(PairOne);
        await Expect(ui.Page.Locator("#timeline .row[data-kind=api]")).ToHaveCountAsync(2);
        var seqs = await ui.Page.Locator("#timeline .row[data-kind=api]").EvaluateAllAsync<long[]>("rs => rs.map((r) => +r.dataset.seq).sort((a, b) => a - b)");
        Assert.Equal([23L, 32L], seqs);

        // Its Bash call's hooks stay (tied by tool_use_id); the other subagents' rows go.
        await Expect(ui.Page.Locator("#timeline .row[data-seq='27']")).ToHaveCountAsync(1);
        await Expect(ui.Page.Locator("#timeline .row[data-seq='24']")).ToHaveCountAsync(0);
        await ui.Page.Locator("#f-thread").SelectOptionAsync("");
        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", S(ThreadsSession.Rows));
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task The_conversation_view_nests_each_subagent_under_the_agent_call_and_links_items_to_their_calls()
    {
        await using var session = await ThreadsSession.StartAsync();
        foreach (var width in new[] { 1600, 1000 })
        {
            var ui = await OpenAsync(session, width);
            await ui.Page.Locator("#views button[data-view=conversation]").ClickAsync();
            var conv = ui.Page.Locator("#conv");
            await Expect(conv).ToHaveAttributeAsync("data-state", "done");
            await Expect(ui.Timeline).ToBeHiddenAsync();

            var prompt = conv.Locator(".ci[data-kind=prompt]").First;
            await Expect(prompt).ToContainTextAsync("THREADS-SCENARIO: delegate the subtasks");
            await Expect(prompt.Locator("[data-hook-seq]")).ToHaveAttributeAsync("data-hook-seq", "2");

            // The single subagent under the Agent call that started it, with its own prompt.
            var sub = conv.Locator($".ctool[data-tool-use-id=toolu_01ThreadsSingleAgent000001] details.sub[data-thread={Single}]");
            await Expect(sub.Locator(".ci[data-kind=prompt]").First).ToContainTextAsync("SUB-SINGLE");
            await Expect(conv.Locator($"details.sub[data-thread={NestedOuter}] details.sub[data-thread={NestedInner}]")).ToHaveCountAsync(1);
            await Expect(conv.Locator($"details.sub[data-thread={NestedInner}] .ci[data-kind=assistant]").Last).ToContainTextAsync("fig");
            await ui.ScreenshotAsync("threads-conversation-" + width);

            // An item opens its API call.
            await sub.Locator(".ci[data-kind=assistant][data-seq='12']").ClickAsync();
            await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", "12");
            await ui.Page.Locator("#views button[data-view=network]").ClickAsync();
            await Expect(ui.Timeline).ToBeVisibleAsync();
            await ui.Page.CloseAsync();
        }
    }
}
