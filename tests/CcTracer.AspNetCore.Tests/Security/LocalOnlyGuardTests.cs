using System.Net;
using System.Text.Json;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Security;

public sealed class LocalOnlyGuardTests
{
    [Theory]
    [InlineData("evil.example:7355")]
    [InlineData("192.168.1.10:7355")]
    [InlineData("localhost.evil.example")]
    public async Task Non_loopback_host_header_is_refused_421_everywhere(string host)
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        foreach (var (method, path) in new[] { ("GET", "/api/sessions"), ("POST", "/hooks"), ("POST", "/v1/messages"), ("GET", "/") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}") : null };
            request.Headers.Host = host;
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal("misdirected_request", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        }
    }

    [Theory]
    [InlineData("localhost:7355")]
    [InlineData("127.0.0.1:7355")]
    [InlineData("[::1]:7355")]
    [InlineData("127.0.0.2")]
    public async Task Loopback_host_headers_are_served(string host)
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "http://localhost:8080")]
    public async Task Cross_site_browser_requests_are_refused_403(string header, string value)
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        foreach (var (method, path) in new[] { ("GET", "/api/sessions"), ("POST", "/hooks"), ("GET", "/api/health") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{\"session_id\":\"s\"}") : null };
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }

        // Nothing was logged by the refused hook.
        await tracer.Log.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Empty(Directory.Exists(tracer.LogDirectory) ? Directory.GetFiles(tracer.LogDirectory, "*.jsonl") : []);
    }

    [Fact]
    public async Task Same_origin_browser_requests_are_served()
    {
        await using var tracer = await InProcessTracer.StartAsync();
        using var client = tracer.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        request.Headers.TryAddWithoutValidation("Origin", "http://127.0.0.1:7355");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
