using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>The UI's stable DOM hooks (listed at the top of index.html), wrapped for the tests.</summary>
internal sealed class TimelinePage
{
    public TimelinePage(IPage page) => Page = page;

    public IPage Page { get; }

    public ILocator Timeline => Page.Locator("#timeline");

    public ILocator Rows => Page.Locator("#timeline .row");

    public ILocator Detail => Page.Locator("#detail");

    public ILocator DetailBody => Page.Locator("#detail-body");

    public ILocator Empty => Page.Locator("#empty");

    /// <summary>The row whose opening seq is <paramref name="seq"/> (it must be scrolled into the DOM).</summary>
    public ILocator Row(long seq) => Page.Locator($"#timeline .row[data-seq=\"{seq}\"]");

    public ILocator Tab(string name) => Page.Locator($"#tabs button[data-tab=\"{name}\"]");

    /// <summary>Opens the UI and waits until the live feed is connected, so records sent afterwards reach it live.</summary>
    public async Task OpenAsync(string url, int expectedRows)
    {
        await Page.GotoAsync(url);
        await Expect(Page.Locator("#conn")).ToHaveAttributeAsync("data-state", "live");
        await Expect(Timeline).ToHaveAttributeAsync("data-total", expectedRows.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task SelectAsync(long seq, string? tab = null)
    {
        await Row(seq).ClickAsync();
        await Expect(Detail).ToHaveAttributeAsync("data-seq", seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (tab is not null)
        {
            await Tab(tab).ClickAsync();
            await Expect(DetailBody).ToHaveAttributeAsync("data-panel", tab);
        }
    }

    /// <summary>The rows in the DOM in screen order (the DOM order of a virtualized list is not the visual order).</summary>
    public async Task<IReadOnlyList<RowInfo>> VisibleRowsAsync()
    {
        var json = await Page.EvaluateAsync<string>(
            """
            () => JSON.stringify([...document.querySelectorAll('#timeline .row')]
              .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
              .map((r) => ({
                seq: +r.dataset.seq, seqs: r.dataset.seqs, kind: r.dataset.kind, type: r.dataset.type || null,
                ids: r.dataset.toolUseIds || '', name: r.querySelector('.c-name b').textContent,
                dur: r.querySelector('.c-dur').textContent, related: r.classList.contains('related'),
              })))
            """);
        return JsonSerializer.Deserialize<List<RowInfo>>(json, JsonOptions)!;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    public async Task ScreenshotAsync(string name) => await Page.ScreenshotAsync(new() { Path = Artifacts.Screenshot(name) });
}
