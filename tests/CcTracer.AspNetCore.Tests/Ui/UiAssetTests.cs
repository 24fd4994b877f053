using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CcTracer.AspNetCore.Ui;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Ui;

/// <summary>The UI's static files: each served under the prefix with its type, a strong ETag, 304 on revalidation and the CSP.</summary>
public sealed partial class UiAssetTests
{
    private static readonly string[] ExpectedFiles = ["/index.html", "/app.css", "/js/main.js", "/js/state.js", "/js/timeline.js", "/js/detail.js"];

    [Fact]
    public void The_ui_is_a_shell_a_stylesheet_and_modules_none_over_400_lines()
    {
        var assets = UiAsset.LoadEmbedded();
        var paths = assets.Select(a => a.Path).ToArray();
        Assert.All(ExpectedFiles, f => Assert.Contains(f, paths));
        Assert.All(assets, a => Assert.True(CountLines(a.Content) <= 400, $"{a.Path} has {CountLines(a.Content)} lines"));
    }

    [Fact]
    public async Task Every_file_is_served_under_the_prefix_with_its_type_and_a_strong_etag_and_revalidates_to_304()
    {
        await using var tracer = await InProcessTracer.StartAsync("/trace");
        using var client = tracer.CreateClient();
        foreach (var asset in UiAsset.LoadEmbedded())
        {
            var url = "/trace" + asset.Path;
            using var first = await client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var expectedType = Path.GetExtension(asset.Path) switch { ".js" => "text/javascript", ".css" => "text/css", _ => "text/html" };
            Assert.Equal(expectedType, first.Content.Headers.ContentType?.MediaType);
            Assert.Equal(asset.Content, await first.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);
            Assert.False(etag.IsWeak, url + " has a weak ETag");

            using var revalidate = new HttpRequestMessage(HttpMethod.Get, url);
            revalidate.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
            revalidate.Headers.IfNoneMatch.Add(etag);
            using var second = await client.SendAsync(revalidate, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
            Assert.Equal(etag, second.Headers.ETag);
            Assert.Empty(await second.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

            using var stale = new HttpRequestMessage(HttpMethod.Get, url);
            stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"an-older-build\""));
            using var third = await client.SendAsync(stale, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        }
    }

    [Fact]
    public async Task The_csp_allows_scripts_and_styles_only_from_the_tracers_own_files()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        foreach (var url in new[] { "/", "/js/main.js", "/app.css" })
        {
            using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToArray();
            Assert.Contains("script-src 'self'", directives);
            Assert.Contains("style-src 'self'", directives);
            Assert.Contains("default-src 'none'", directives);
            Assert.Contains("frame-ancestors 'none'", directives);
            Assert.Contains("connect-src 'self'", directives);
        }
    }

    [Fact]
    public void No_ui_file_has_inline_script_style_or_event_handler_attributes()
    {
        // The CSP would block them in the browser; catching them here names the file.
        foreach (var asset in UiAsset.LoadEmbedded())
        {
            var text = System.Text.Encoding.UTF8.GetString(asset.Content);
            Assert.False(StyleAttribute().IsMatch(text), asset.Path + " sets a style attribute");
            Assert.False(HandlerAttribute().IsMatch(text), asset.Path + " has an inline event handler attribute");
            if (asset.Path.EndsWith(".html", StringComparison.Ordinal))
            {
                Assert.False(InlineScript().IsMatch(text), asset.Path + " has an inline <script>");
                Assert.DoesNotContain("<style", text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Theory]
    [InlineData("/trace/js/nope.js")]
    [InlineData("/trace/nope.css")]
    [InlineData("/trace/js/sub/main.js")]
    public async Task Unknown_ui_files_are_404(string url)
    {
        await using var tracer = await InProcessTracer.StartAsync("/trace");
        using var client = tracer.CreateClient();
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static int CountLines(byte[] content) => content.Count(b => b == (byte)'\n');

    [GeneratedRegex("""\sstyle\s*=\s*["']|setAttribute\(\s*['"]style['"]|\.cssText\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex("""<[a-z][^>]*\son[a-z]+\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerAttribute();

    [GeneratedRegex("""<script(?![^>]*\bsrc=)[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
