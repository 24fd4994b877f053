using System.Text.RegularExpressions;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>Summary bar, verdict chips, Context tab and chart, Cache panel and Diff tab over a session whose cache broke for a known reason.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AnalysisViewsTests : IClassFixture<AnalysisViewsTests.Fixture>
{
    private readonly BrowserFixture _browser;
    private readonly AnalysisSession _session;

    public AnalysisViewsTests(BrowserFixture browser, Fixture fixture)
    {
        _browser = browser;
        _session = fixture.Session;
    }

    private static long Call(int i) => AnalysisSession.CallSeqs[i];

    private async Task<TimelinePage> OpenAsync(int width = 1600)
    {
        var ui = new TimelinePage(await _browser.NewPageAsync(width, 900));
        await ui.OpenAsync(_session.PageUrl, 4);
        return ui;
    }

    [Fact]
    public async Task The_summary_bar_totals_the_session_with_a_dated_cost_estimate_and_the_quota_meters()
    {
        var ui = await OpenAsync();
        var bar = ui.Page.Locator("#summary");
        await Expect(bar.Locator("[data-k=calls] b")).ToHaveTextAsync("4");
        await Expect(bar.Locator("[data-k=cost] b")).ToHaveTextAsync(new Regex(@"^≈ \$\d"));
        await Expect(bar.Locator(".est")).ToContainTextAsync("estimate · prices of 20");
        await Expect(bar.Locator("[data-k=cache] b")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)?%$"));
        await Expect(bar.Locator("[data-k=tokens] b")).ToContainTextAsync(" in / ");
        await Expect(bar.Locator("[data-k=ttft] b")).Not.ToHaveTextAsync("–");

        // The newest response's headers: 4 × 0.10 of the 5-hour window, 4 × 0.05 of the 7-day one.
        await Expect(bar.Locator("[data-k=quota-5h]")).ToHaveAttributeAsync("data-utilization", "0.400");
        await Expect(bar.Locator("[data-k=quota-7d]")).ToHaveAttributeAsync("data-utilization", "0.200");
        await Expect(bar.Locator("[data-k=quota-5h]")).ToContainTextAsync("40%");
        await ui.ScreenshotAsync("analysis-summary-1600");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task Each_call_row_carries_its_cache_verdict_chip_cost_and_ttft()
    {
        var ui = await OpenAsync();
        string[] verdicts = ["cold", "hit", "partial", "hit"];
        for (var i = 0; i < 4; i++)
        {
            await Expect(ui.Row(Call(i)).Locator(".chip")).ToHaveAttributeAsync("data-verdict", verdicts[i]);
            await Expect(ui.Row(Call(i)).Locator(".c-perf [data-cost]")).ToHaveTextAsync(new Regex(@"^\$\d"));
            await Expect(ui.Row(Call(i)).Locator(".c-perf [data-ttft]")).ToHaveTextAsync(new Regex(@"\d+ ms$|s$"));
        }

        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task The_context_tab_stacks_the_categories_and_names_the_top_contributors()
    {
        var ui = await OpenAsync();
        await ui.SelectAsync(Call(1), "context");
        var bar = ui.DetailBody.Locator("[data-context-bar] > span");
        await Expect(bar.First).ToBeVisibleAsync();
        Assert.True(await bar.CountAsync() >= 3);
        await Expect(ui.DetailBody.Locator("[data-context-bar] [data-category=tools]")).ToHaveCountAsync(1);
        await Expect(ui.DetailBody.Locator("[data-top] tr[data-part=Bash]")).ToHaveCountAsync(1);
        await ui.ScreenshotAsync("analysis-context-tab");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task The_context_chart_draws_one_point_per_call_and_clicking_one_opens_that_call()
    {
        var ui = await OpenAsync(1000);
        await ui.Page.Locator("#ctx-toggle").ClickAsync();
        var points = ui.Page.Locator("#ctxchart rect.pt");
        await Expect(points).ToHaveCountAsync(4);
        await Expect(ui.Page.Locator("#ctxchart path.area[data-category=system]")).ToHaveCountAsync(1);
        await points.Nth(2).ClickAsync();
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", Call(2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(ui.DetailBody).ToHaveAttributeAsync("data-panel", "context");
        await Expect(points.Nth(2)).ToHaveClassAsync("pt on");
        await ui.ScreenshotAsync("analysis-context-chart-1000");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task The_cache_panel_of_the_broken_call_says_what_changed_and_shows_the_change()
    {
        var ui = await OpenAsync();
        await ui.SelectAsync(Call(2), "cache");
        var sentence = ui.DetailBody.Locator("[data-cache-break=system]");
        await Expect(sentence).ToContainTextAsync("system block 2 changed at character ");
        await Expect(ui.DetailBody.Locator("[data-break-diff] .add")).ToContainTextAsync("careful");
        await Expect(ui.DetailBody.Locator("[data-break-diff] .del")).Not.ToContainTextAsync("careful");
        await ui.ScreenshotAsync("analysis-cache-panel");

        // A call whose cache held has no break to explain.
        await ui.SelectAsync(Call(1), "cache");
        await Expect(ui.DetailBody.Locator("[data-verdict=hit]")).ToHaveCountAsync(1);
        await Expect(ui.DetailBody.Locator("[data-cache-break]")).ToHaveCountAsync(0);
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task The_diff_tab_compares_with_the_previous_call_or_a_call_picked_by_ctrl_click_or_the_menu()
    {
        var ui = await OpenAsync();
        await ui.SelectAsync(Call(2), "diff");
        await Expect(ui.DetailBody.Locator("[data-compare]")).ToHaveAttributeAsync("data-compare", $"{Call(1)}:{Call(2)}");
        await Expect(ui.DetailBody.Locator("[data-first-cache-difference=system]")).ToBeVisibleAsync();
        await Expect(ui.DetailBody.Locator("[data-diff-section=system] [data-status=changed]")).ToHaveCountAsync(1);
        await Expect(ui.DetailBody.Locator("[data-diff-section=messages] [data-status=appended]")).ToHaveCountAsync(2);
        await ui.ScreenshotAsync("analysis-diff-tab");

        // Ctrl-click the first call while the last is open: the two are compared, earlier → later.
        await ui.SelectAsync(Call(3), "diff");
        await ui.Row(Call(0)).ClickAsync(new() { Modifiers = [Microsoft.Playwright.KeyboardModifier.Control] });
        await Expect(ui.DetailBody.Locator("[data-compare]")).ToHaveAttributeAsync("data-compare", $"{Call(0)}:{Call(3)}");
        await Expect(ui.Detail).ToHaveAttributeAsync("data-seq", Call(3).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(ui.DetailBody.Locator("[data-calldiff-state=done]")).ToHaveCountAsync(1);

        await ui.Page.Locator("#compare-with").SelectOptionAsync(Call(1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(ui.DetailBody.Locator("[data-compare]")).ToHaveAttributeAsync("data-compare", $"{Call(1)}:{Call(3)}");
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task A_call_made_while_the_page_is_open_gets_its_chip_and_the_totals_move_through_the_live_feed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var live = await AnalysisSession.StartAsync(ct);
        var ui = new TimelinePage(await _browser.NewPageAsync(1600, 900));
        await ui.OpenAsync(live.PageUrl, 4);
        await Expect(ui.Page.Locator("#summary [data-k=calls] b")).ToHaveTextAsync("4");

        await AnalysisSession.PostAsync(live.Tracer.Http, CcTracer.TestKit.RequestBodies.NextTurn(CcTracer.TestKit.RequestBodies.AfterToolResult(), "live one"), ct);
        await Expect(ui.Row(9).Locator(".chip")).ToHaveAttributeAsync("data-verdict", new Regex("^(hit|partial)$"));
        await Expect(ui.Page.Locator("#summary [data-k=calls] b")).ToHaveTextAsync("5");
        await Expect(ui.Page.Locator("#summary [data-k=quota-5h]")).ToHaveAttributeAsync("data-utilization", "0.500");
        await ui.Page.CloseAsync();
    }

    /// <summary>The session, recorded once for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private AnalysisSession? _session;

        internal AnalysisSession Session => _session ?? throw new InvalidOperationException("Not started.");

        public async ValueTask InitializeAsync() => _session = await AnalysisSession.StartAsync(TestContext.Current.CancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (_session is not null)
            {
                await _session.DisposeAsync();
            }
        }
    }
}
