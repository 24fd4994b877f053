using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CcTracer.AspNetCore.Tests.Ui;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Export;

/// <summary>
/// The HTML snapshot of a 2,000-call session opened from file://. Asserts only what must hold on any
/// machine (every row there, a call opens); the times it measures go to the test output and to
/// test-artifacts/ui/big-snapshot.json, with screenshots at two widths.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BigSnapshotTests
{
    private const string SessionId = "big-snapshot-2000";
    private const int Calls = 2_000;
    private const int BodyBytes = 20_000;

    // Per call: PreToolUse, the call (request + response, one row), PostToolUse.
    private const int ExpectedRows = Calls * 3;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly BrowserFixture _browser;

    public BigSnapshotTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task A_2000_call_snapshot_opens_from_a_file_with_every_row_and_a_call_opens()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = KestrelTracer.NewTempDirectory();
        try
        {
            var logBytes = BigSessionWriter.Write(dir, SessionId, Calls, BodyBytes);
            var path = Path.Combine(dir, "big.html");
            var export = Stopwatch.StartNew();
            await SnapshotFile.WriteAsync(dir, SessionId, path, noContent: false, ct);
            export.Stop();
            var figures = new Dictionary<string, object>
            {
                ["calls"] = Calls,
                ["log_mb"] = Math.Round(logBytes / 1e6, 1),
                ["snapshot_mb"] = Math.Round(new FileInfo(path).Length / 1e6, 1),
                ["export_s"] = Math.Round(export.Elapsed.TotalSeconds, 2),
                ["cores"] = Environment.ProcessorCount,
            };

            var page = await _browser.NewPageAsync(1600, 900);
            var ui = new TimelinePage(page);
            await page.AddInitScriptAsync(PaintProbe.Script);
            await page.GotoAsync(new Uri(path).AbsoluteUri, new() { Timeout = 120_000 });
            await Expect(ui.Timeline).ToHaveAttributeAsync("data-total", ExpectedRows.ToString(CultureInfo.InvariantCulture), new() { Timeout = 120_000 });
            await page.WaitForFunctionAsync("() => window.__probe && window.__probe.firstRowPainted", null, new() { Timeout = 120_000 });
            var probe = await page.EvaluateAsync<JsonElement>(
                """
                () => {
                  const nav = performance.getEntriesByType('navigation')[0];
                  return {
                    dom_content_loaded_ms: nav ? Math.round(nav.domContentLoadedEventEnd) : -1,
                    first_row_painted_ms: Math.round(window.__probe.firstRowPainted),
                    js_heap_mb: performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1048576) : -1,
                  };
                }
                """);
            foreach (var p in probe.EnumerateObject().Where(p => !p.Name.StartsWith('$')))
            {
                figures["open_" + p.Name] = p.Value.Clone();
            }

            await Expect(ui.Row(Calls * BigSessionWriter.RecordsPerCycle)).ToBeVisibleAsync();
            var lastCall = (Calls * BigSessionWriter.RecordsPerCycle) - 2;
            await ui.SelectAsync(lastCall, "request");
            await Expect(ui.DetailBody.Locator("[data-role=user]")).ToContainTextAsync($"step {Calls - 1}:");
            await ui.ScreenshotAsync("snapshot-big-1600");
            await page.SetViewportSizeAsync(1000, 800);
            await ui.ScreenshotAsync("snapshot-big-1000");

            var json = JsonSerializer.Serialize(figures, Indented);
            await File.WriteAllTextAsync(Path.Combine(Artifacts.UiDirectory, "big-snapshot.json"), json, ct);
            TestContext.Current.TestOutputHelper?.WriteLine(json);
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
