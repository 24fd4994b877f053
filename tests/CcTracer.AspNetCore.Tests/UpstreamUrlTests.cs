using Xunit;

namespace CcTracer.AspNetCore.Tests;

/// <summary>The one check behind the options validator, cc-tracer's --upstream and an inherited ANTHROPIC_BASE_URL.</summary>
public sealed class UpstreamUrlTests
{
    [Theory]
    [InlineData("https://api.anthropic.com", true)]
    [InlineData("http://127.0.0.1:9000/gateway/anthropic", true)]
    [InlineData("ftp://example.com", false)]
    [InlineData("/relative", false)]
    [InlineData("not a url", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_absolute_http_and_https_urls_are_upstreams(string? text, bool valid)
    {
        Assert.Equal(valid, UpstreamUrl.Parse(text) is not null);
        Assert.Equal(valid, Uri.TryCreate(text, UriKind.Absolute, out var uri) && UpstreamUrl.IsValid(uri));
    }
}
