using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>Lost records are the one thing a recorder's user must not miss: the page says so in a banner.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LogHealthBannerTests
{
    private readonly BrowserFixture _browser;

    public LogHealthBannerTests(BrowserFixture browser) => _browser = browser;

    [Fact]
    public async Task A_write_failure_shows_a_banner_with_the_count()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = Directory.CreateTempSubdirectory("cctracer-banner-").FullName;
        try
        {
            // A folder where the session's file should be: every write to it fails.
            Directory.CreateDirectory(Path.Combine(logs, "s-fail.jsonl"));
            await using var tracer = await KestrelTracer.StartAsync(logDirectory: logs);
            var page = await _browser.NewPageAsync();
            await page.GotoAsync(tracer.Root.ToString());
            var banner = page.Locator("#log-health");
            await Expect(banner).ToBeHiddenAsync();

            await RecordedSessionBuilder.PostHookAsync(tracer.Http, """{"session_id":"s-fail","hook_event_name":"SessionStart"}"""u8.ToArray(), ct);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (tracer.Log.WriteFailures == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the write never failed");
                await Task.Delay(20, ct);
            }

            await page.ReloadAsync();
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToHaveAttributeAsync("data-write-failures", "1");
            await Expect(banner).ToContainTextAsync("1 write failure");
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }
}
