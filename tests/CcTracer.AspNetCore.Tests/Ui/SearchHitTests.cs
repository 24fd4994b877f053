using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>Search hits are marked inside the open detail panel and the first is scrolled into view.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchHitTests : IClassFixture<RecordedSessionFixture>
{
    private readonly BrowserFixture _browser;
    private readonly RecordedSession _session;

    public SearchHitTests(BrowserFixture browser, RecordedSessionFixture session)
    {
        _browser = browser;
        _session = session.Session;
    }

    [Fact]
    public async Task Searching_marks_the_hits_in_the_open_request_opens_their_section_and_scrolls_to_the_first()
    {
        var ui = new TimelinePage(await _browser.NewPageAsync(1000, 700));
        await ui.OpenAsync(_session.PageUrl, RecordedSessionBuilder.ExpectedRows.Count);
        await ui.SelectAsync(3, "request");

        // Text of the system prompt, far below the top of the panel.
        await ui.Page.Locator("#search").FillAsync("interactive agent that helps users");
        var hits = ui.DetailBody.Locator("mark.hit");
        await Expect(hits.First).ToBeVisibleAsync();
        await Expect(ui.DetailBody).ToHaveAttributeAsync("data-hits", new System.Text.RegularExpressions.Regex("^[1-9]"));
        await Expect(hits.First).ToHaveTextAsync("interactive agent that helps users");
        await Expect(ui.DetailBody.Locator("mark.hit.cur")).ToBeInViewportAsync();

        // A hit inside the tool definitions (collapsed by default) opens them.
        await ui.Page.Locator("#search").FillAsync("\"command\"");
        await Expect(hits.First).ToHaveTextAsync("\"command\"");
        await Expect(hits.First).ToBeVisibleAsync();
        await ui.ScreenshotAsync("search-hits");

        // Enter moves to the next hit.
        var count = await hits.CountAsync();
        Assert.True(count > 1, count + " hits");
        await ui.Page.Locator("#search").PressAsync("Enter");
        await Expect(hits.Nth(1)).ToHaveClassAsync("hit cur");
        await Expect(hits.Nth(1)).ToBeInViewportAsync();

        await ui.Page.Locator("#search").FillAsync("");
        await Expect(ui.DetailBody.Locator("mark.hit")).ToHaveCountAsync(0);
        await ui.Page.CloseAsync();
    }
}
