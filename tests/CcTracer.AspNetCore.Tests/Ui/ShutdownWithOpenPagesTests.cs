using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>Stopping the tracer while the UI is open in several tabs, each holding a live feed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShutdownWithOpenPagesTests
{
    private readonly BrowserFixture _browser;

    public ShutdownWithOpenPagesTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task Stopping_the_host_ends_every_open_tabs_live_feed_instead_of_waiting_for_it()
    {
        var ct = TestContext.Current.CancellationToken;

        // No grace limit: a stop that waited for the open feeds would never end, so only ending them lets it finish.
        await using var tracer = await KestrelTracer.StartAsync(shutdownTimeout: Timeout.InfiniteTimeSpan);
        var pages = new List<IPage>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var page = await _browser.NewPageAsync();
                pages.Add(page);
                await page.GotoAsync(tracer.Root.ToString());
                await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
            }

            // A generous wait, not a timing: the stop either ends on its own or never does.
            await tracer.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

            foreach (var page in pages)
            {
                // Each tab saw its feed end and now tries to reconnect to a server that is gone.
                await Expect(page.Locator("#conn")).Not.ToHaveAttributeAsync("data-state", "live");
            }
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.CloseAsync();
            }
        }
    }
}
