using CcTracer.AspNetCore.Tests.Ui;
using CcTracer.TestKit;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Export;

/// <summary>The HTML snapshot opened from file:// in real Chromium, with every request that is not the file itself refused and counted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HtmlSnapshotTests : IDisposable
{
    private const int Rows = 6;
    private const long SecondMainCallSeq = 8;

    private readonly BrowserFixture _browser;
    private readonly string _dir = KestrelTracer.NewTempDirectory();

    public HtmlSnapshotTests(BrowserFixture browser) => _browser = browser;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_snapshot_opens_from_a_file_with_no_server_and_no_network_and_shows_a_call()
    {
        var path = await SnapshotAsync(noContent: false);
        var (page, refused, errors) = await OpenAsync(path);
        var ui = new TimelinePage(page);

        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "snapshot");
        await ui.SelectAsync(SecondMainCallSeq, "response");
        await Expect(ui.DetailBody).ToContainTextAsync(MarkedSession.Answer);
        await ui.Tab("request").ClickAsync();
        await Expect(ui.DetailBody).ToContainTextAsync(MarkedSession.ToolResult);
        await Expect(page.Locator("#sessions option")).ToHaveCountAsync(1);
        await Expect(page.Locator("#export")).ToHaveCountAsync(0);
        await page.SetViewportSizeAsync(1600, 900);
        await ui.ScreenshotAsync("snapshot-small-1600");
        await page.SetViewportSizeAsync(1000, 800);
        await ui.ScreenshotAsync("snapshot-small-1000");

        Assert.Empty(refused);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Full_text_search_works_in_the_snapshot_from_its_embedded_records()
    {
        var path = await SnapshotAsync(noContent: false);
        var (page, refused, _) = await OpenAsync(path);
        var ui = new TimelinePage(page);
        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Only the PostToolUse hook and the second main call's request hold the tool result.
        await page.Locator("#search").FillAsync(MarkedSession.ToolResult);

        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", "2");
        Assert.Empty(refused);
    }

    [Fact]
    public async Task Without_content_no_planted_text_is_in_the_file_nor_on_the_page_but_counts_are()
    {
        var path = await SnapshotAsync(noContent: true);
        var html = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        var entries = SnapshotFile.Entries(html);

        Assert.Contains($"api/sessions/{MarkedSession.SessionId}/records/{SecondMainCallSeq}", entries.Keys);
        foreach (var marker in MarkedSession.Markers)
        {
            Assert.DoesNotContain(marker, html, StringComparison.Ordinal);
            Assert.All(entries.Values, json => Assert.DoesNotContain(marker, json, StringComparison.Ordinal));
        }

        var (page, refused, errors) = await OpenAsync(path);
        var ui = new TimelinePage(page);
        await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ui.SelectAsync(SecondMainCallSeq, "usage");
        await Expect(ui.DetailBody).ToContainTextAsync(MarkedSession.OutputTokens[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ui.Tab("response").ClickAsync();
        await Expect(ui.DetailBody).ToContainTextAsync("[removed ");
        Assert.DoesNotContain(MarkedSession.Answer, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(refused);
        Assert.Empty(errors);
    }

    private Task<string> SnapshotAsync(bool noContent)
    {
        MarkedSession.Write(_dir);
        return SnapshotFile.WriteAsync(_dir, MarkedSession.SessionId, Path.Combine(_dir, "snapshot.html"), noContent, TestContext.Current.CancellationToken);
    }

    /// <summary>Opens the file with every non-file request refused; the lists fill as the page runs.</summary>
    private async Task<(IPage Page, List<string> Refused, List<string> Errors)> OpenAsync(string path)
    {
        var page = await _browser.NewPageAsync();
        var refused = new List<string>();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        await page.Context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            lock (refused)
            {
                refused.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
        await page.GotoAsync(new Uri(path).AbsoluteUri);
        return (page, refused, errors);
    }
}
