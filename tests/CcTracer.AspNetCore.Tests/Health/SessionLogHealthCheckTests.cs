using System.Net;
using CcTracer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CcTracer.AspNetCore.Tests.Health;

/// <summary>A host's <c>/healthz</c> with <c>AddHealthChecks().AddCcTracer()</c> follows whether the session log can be written.</summary>
public sealed class SessionLogHealthCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_goes_unhealthy_when_a_record_cannot_be_written_and_recovers_a_minute_later()
    {
        var logDirectory = Path.Combine(Path.GetTempPath(), "cctracer-tests", Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddCcTracer(configureStore: s => s.LogDirectory = logDirectory);
        builder.Services.AddHealthChecks().AddCcTracer();
        await using var app = builder.Build();
        app.MapCcTracer();
        app.MapHealthChecks("/healthz");
        await app.StartAsync(Ct);
        using var client = app.GetTestClient();
        client.BaseAddress = new Uri("http://127.0.0.1:7355/");
        var log = app.Services.GetRequiredService<SessionLog>();

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync(client));

        // A directory where the session's file belongs: the hook is accepted, its record cannot be written.
        Directory.CreateDirectory(log.PathFor("unwritable-session"));
        using (var hook = await client.PostAsync("/hooks", new StringContent("""{"session_id":"unwritable-session","hook_event_name":"Stop"}""", System.Text.Encoding.UTF8, "application/json"), Ct))
        {
            hook.EnsureSuccessStatusCode();
        }

        await log.FlushAsync(Ct);
        Assert.True(log.WriteFailures > 0);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await HealthAsync(client));

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await HealthAsync(client));
        await app.StopAsync(Ct);
        Directory.Delete(logDirectory, recursive: true);
    }

    private static async Task<(HttpStatusCode, string)> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/healthz", Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
