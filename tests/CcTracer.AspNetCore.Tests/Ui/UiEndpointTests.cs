using System.Net;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Ui;

public sealed class UiEndpointTests
{
    [Fact]
    public async Task Head_and_get_root_answer_200_with_the_embedded_page()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        using var get = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("text/html", get.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await get.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("frame-ancestors 'none'", get.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Works_under_a_route_prefix()
    {
        await using var tracer = await InProcessTracer.StartAsync("/trace");
        using var client = tracer.CreateClient();
        using var redirect = await client.GetAsync("/trace", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/trace/", redirect.Headers.Location?.OriginalString);
        using var page = await client.GetAsync("/trace/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var health = await client.GetAsync("/trace/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var unprefixed = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
    }
}
