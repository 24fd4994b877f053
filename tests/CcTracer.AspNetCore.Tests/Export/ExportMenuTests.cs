using CcTracer.AspNetCore.Tests.Ui;
using CcTracer.TestKit;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Export;

/// <summary>The session toolbar's Export menu downloads the session shown from the export API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExportMenuTests
{
    private readonly BrowserFixture _browser;

    public ExportMenuTests(BrowserFixture browser) => _browser = browser;

    [Theory]
    [InlineData("har", false, "application/json; charset=utf-8", ".har")]
    [InlineData("html", false, "text/html; charset=utf-8", ".html")]
    [InlineData("md", true, "text/markdown; charset=utf-8", ".no-content.md")]
    public async Task A_menu_item_downloads_the_session_in_its_format(string format, bool noContent, string contentType, string suffix)
    {
        var dir = KestrelTracer.NewTempDirectory();
        MarkedSession.Write(dir);
        await using var tracer = await KestrelTracer.StartAsync(logDirectory: dir);
        var page = await _browser.NewPageAsync();
        await new TimelinePage(page).OpenAsync(tracer.Root + "#session=" + MarkedSession.SessionId, expectedRows: 6);

        await page.Locator("#export").ClickAsync();
        if (noContent)
        {
            await page.Locator("#export-no-content").CheckAsync();
        }

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-" + format).ClickAsync());

        Assert.Equal(MarkedSession.SessionId + suffix, download.SuggestedFilename);
        var file = Path.Combine(dir, "download" + suffix);
        await download.SaveAsAsync(file);
        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        if (format == "html")
        {
            text = string.Concat(SnapshotFile.Entries(text).Values);
        }

        Assert.Equal(noContent, !text.Contains(MarkedSession.Prompt, StringComparison.Ordinal));
        // A download fires no response event and passes no route: ask the URL it came from for its type.
        var again = await page.APIRequest.GetAsync(download.Url);
        Assert.Equal(contentType, again.Headers["content-type"]);
        Assert.EndsWith($"/api/sessions/{MarkedSession.SessionId}/export/{format}" + (noContent ? "?content=none" : string.Empty), download.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#export-menu")).ToBeHiddenAsync();
        await page.CloseAsync();
        Directory.Delete(dir, recursive: true);
    }
}
