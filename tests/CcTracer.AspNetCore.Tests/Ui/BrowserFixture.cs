using Microsoft.Playwright;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>
/// One headless Chromium for every browser test: starting it costs about a second, and the suite
/// runs on two cores. Each test gets its own context (its own cookies, storage and cache).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Environment variable that names another Chromium binary.</summary>
    public const string ChromiumVariable = "CC_TRACER_CHROMIUM";

    private const string DefaultChromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async ValueTask InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } p ? p : DefaultChromium;
        if (!File.Exists(path))
        {
            // Never skip silently: a green run without browser tests would hide a broken UI.
            throw new InvalidOperationException(
                $"Chromium not found at '{path}'. The browser tests need Debian's chromium: run scripts/test.sh "
                + $"(it installs it) or 'sudo apt-get install -y chromium', or set {ChromiumVariable} to a Chromium binary.");
        }

        _playwright = await Playwright.CreateAsync();

        // Auto-waiting assertions are the only synchronisation in these tests; a loaded 2-core CI
        // box can need more than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(20_000);

        // Playwright gives every launch a fresh temporary user-data-dir; the flags keep Chromium
        // from phoning home or updating itself, which hangs or slows runs on offline CI machines.
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
    }

    /// <summary>A page in a fresh context, sized like a laptop screen, with generous auto-wait timeouts for a busy CI box.</summary>
    public async Task<IPage> NewPageAsync(int width = 1400, int height = 820)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, ColorScheme = ColorScheme.Light });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Close += (_, _) => _ = context.CloseAsync();
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
