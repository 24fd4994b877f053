using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CcTracer.Benchmarks.Harness;

/// <summary>
/// The child side of <see cref="ChildProcess"/>: every serve mode builds its app the same way
/// (Kestrel on 127.0.0.1, an OS-chosen port, warnings only), prints its address, and stops when
/// the parent closes our stdin.
/// </summary>
internal static class ServeHost
{
    public const string ReadyPrefix = "READY ";

    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // Console logging goes to stdout by default; stdout is our ready channel, so send it to stderr.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return builder;
    }

    public static async Task<int> RunAsync(WebApplication app)
    {
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.Out.WriteLine(ReadyPrefix + address);
        Console.Out.Flush();

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var parentGone = Task.Run(async () =>
        {
            // Blocks until the parent closes the pipe or dies.
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[64];
            while (await stdin.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        });
        await Task.WhenAny(parentGone, Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping)).ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        return 0;
    }
}
