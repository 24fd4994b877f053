using System.Net;
using System.Text.Json;
using CcTracer.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CcTracer.Tool.Tests.Server;

/// <summary>The tool's own host wiring, in process through <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public sealed class ServeHostTests
{
    [Fact]
    public async Task The_tool_hosts_the_tracer_endpoints_and_guards_its_shutdown_endpoint()
    {
        var logs = Directory.CreateTempSubdirectory("cctracer-waf-");
        try
        {
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Configure<TraceStoreOptions>(o => o.LogDirectory = logs.FullName)));
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://127.0.0.1:7355/") });

            using var health = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/health", UriKind.Relative), TestContext.Current.CancellationToken));
            Assert.Equal("cc-tracer", health.RootElement.GetProperty("name").GetString());
            Assert.Equal(logs.FullName, health.RootElement.GetProperty("log_dir").GetString());

            using var noToken = await client.PostAsync(new Uri("/tool/shutdown", UriKind.Relative), null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);

            using var ui = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }
}
