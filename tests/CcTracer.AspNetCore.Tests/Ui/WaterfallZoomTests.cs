using System.Globalization;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>The overview strip of a long session zooms the waterfall: drag a window, wheel, reset.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WaterfallZoomTests
{
    private readonly BrowserFixture _browser;

    public WaterfallZoomTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task Dragging_a_window_on_the_overview_widens_the_bars_wheel_narrows_it_and_reset_restores_the_session()
    {
        await using var session = await LongSession.StartAsync();
        var ui = new TimelinePage(await _browser.NewPageAsync(1600, 900));
        await ui.OpenAsync(session.PageUrl, LongSession.Rows);
        var lastApi = ui.Row(LongSession.ApiSeq(LongSession.Cycles - 1)).Locator(".bar");
        await Expect(lastApi).ToBeVisibleAsync();
        var whole = await WidthAsync(lastApi);
        Assert.InRange(whole, 0, 4);
        await Expect(ui.Page.Locator("#overview")).ToHaveAttributeAsync("data-zoomed", "false");
        await ui.ScreenshotAsync("zoom-before");

        // Drag across the last 1 % of the strip (18 s of 30 min): the waterfall shows that window only.
        var box = (await ui.Page.Locator("#overview").BoundingBoxAsync())!;
        await ui.Page.Mouse.MoveAsync(box.X + (box.Width * 0.99f), box.Y + 10);
        await ui.Page.Mouse.DownAsync();
        await ui.Page.Mouse.MoveAsync(box.X + (box.Width * 0.995f), box.Y + 10, new() { Steps = 3 });
        await ui.Page.Mouse.MoveAsync(box.X + box.Width - 1, box.Y + 10, new() { Steps = 3 });
        await ui.Page.Mouse.UpAsync();
        await Expect(ui.Page.Locator("#overview")).ToHaveAttributeAsync("data-zoomed", "true");
        await Expect(ui.Page.Locator("#ov-reset")).ToBeVisibleAsync();
        await Expect(lastApi).ToBeVisibleAsync();
        var zoomed = await WidthAsync(lastApi);
        Assert.True(zoomed > whole * 5, $"bar {whole}px before, {zoomed}px after zooming");
        await ui.ScreenshotAsync("zoom-window");

        // Rows wholly outside the window have no bar.
        await ui.Page.Keyboard.PressAsync("Home");
        await Expect(ui.Row(1)).ToBeVisibleAsync();
        await Expect(ui.Row(LongSession.ApiSeq(0)).Locator(".bar")).ToHaveCountAsync(0);
        await ui.Page.Keyboard.PressAsync("End");

        // Wheel up over the strip zooms in further (a narrower window), around the pointer.
        var span = await SpanAsync(ui);
        // The detail panel opened (Home/End select rows): the strip is narrower now.
        box = (await ui.Page.Locator("#overview").BoundingBoxAsync())!;
        await ui.Page.Mouse.MoveAsync(box.X + (box.Width * 0.995f), box.Y + box.Height - 8);
        await ui.Page.Mouse.WheelAsync(0, -400);
        await ui.Page.WaitForFunctionAsync($"() => {{ const w = document.querySelector('#ov-win').dataset; return w.to - w.from < {span.ToString(CultureInfo.InvariantCulture)} * 0.7; }}");
        Assert.True(await SpanAsync(ui) < span);

        await ui.Page.Locator("#ov-reset").ClickAsync();
        await Expect(ui.Page.Locator("#overview")).ToHaveAttributeAsync("data-zoomed", "false");
        await Expect(ui.Page.Locator("#ov-reset")).ToBeHiddenAsync();
        Assert.InRange(await WidthAsync(lastApi), 0, 4);
        await ui.Page.CloseAsync();
    }

    [Fact]
    public async Task A_long_session_with_its_summary_chart_and_context_tab_at_1600_and_1000_px()
    {
        await using var session = await LongSession.StartAsync();
        foreach (var width in new[] { 1600, 1000 })
        {
            var ui = new TimelinePage(await _browser.NewPageAsync(width, 900));
            await ui.OpenAsync(session.PageUrl, LongSession.Rows);
            await Expect(ui.Page.Locator("#summary [data-k=calls] b")).ToHaveTextAsync(LongSession.Cycles.ToString(CultureInfo.InvariantCulture));
            await ui.ScreenshotAsync("long-session-" + width);
            await ui.Page.Locator("#ctx-toggle").ClickAsync();
            await Expect(ui.Page.Locator("#ctxchart rect.pt")).ToHaveCountAsync(LongSession.Cycles);
            await ui.Page.Locator("#ctxchart rect.pt").Last.ClickAsync(new() { Force = true });
            await Expect(ui.DetailBody).ToHaveAttributeAsync("data-panel", "context");
            await Expect(ui.DetailBody.Locator("[data-context-bar] > span").First).ToBeVisibleAsync();
            await ui.ScreenshotAsync("long-session-chart-context-" + width);
            await ui.Page.CloseAsync();
        }
    }

    private static Task<float> WidthAsync(Microsoft.Playwright.ILocator bar) => bar.EvaluateAsync<float>("b => b.getBoundingClientRect().width");

    private static async Task<double> SpanAsync(TimelinePage ui)
        => await ui.Page.EvaluateAsync<double>("() => { const w = document.querySelector('#ov-win').dataset; return w.to - w.from; }");
}
