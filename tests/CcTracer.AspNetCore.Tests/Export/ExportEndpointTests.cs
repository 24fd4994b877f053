using System.Net;
using CcTracer.AspNetCore.Tests.Ui;
using CcTracer.TestKit;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Export;

/// <summary><c>GET /api/sessions/{id}/export/{format}</c> on a real tracer.</summary>
public sealed class ExportEndpointTests
{
    [Theory]
    [InlineData("har", "application/json; charset=utf-8", ".har")]
    [InlineData("html", "text/html; charset=utf-8", ".html")]
    [InlineData("md", "text/markdown; charset=utf-8", ".md")]
    public async Task Each_format_downloads_as_an_attachment_with_its_type(string format, string contentType, string extension)
    {
        var dir = KestrelTracer.NewTempDirectory();
        MarkedSession.Write(dir);
        await using var tracer = await KestrelTracer.StartAsync(logDirectory: dir);

        using var response = await tracer.Http.GetAsync($"api/sessions/{MarkedSession.SessionId}/export/{format}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(MarkedSession.SessionId + extension, response.Content.Headers.ContentDisposition.FileNameStar);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(MarkedSession.Answer, format == "html" ? string.Concat(SnapshotFile.Entries(text).Values) : text, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Content_none_leaves_out_every_planted_text()
    {
        var dir = KestrelTracer.NewTempDirectory();
        MarkedSession.Write(dir);
        await using var tracer = await KestrelTracer.StartAsync(logDirectory: dir);

        var har = await tracer.Http.GetStringAsync($"api/sessions/{MarkedSession.SessionId}/export/har?content=none", TestContext.Current.CancellationToken);

        Assert.Contains("[removed ", har, StringComparison.Ordinal);
        Assert.All(MarkedSession.Markers, m => Assert.DoesNotContain(m, har, StringComparison.Ordinal));
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("no-such-session", "har", HttpStatusCode.NotFound)]
    [InlineData(MarkedSession.SessionId, "pdf", HttpStatusCode.BadRequest)]
    public async Task A_bad_request_gets_a_JSON_error(string session, string format, HttpStatusCode status)
    {
        var dir = KestrelTracer.NewTempDirectory();
        MarkedSession.Write(dir);
        await using var tracer = await KestrelTracer.StartAsync(logDirectory: dir);

        using var response = await tracer.Http.GetAsync($"api/sessions/{session}/export/{format}", TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }
}
