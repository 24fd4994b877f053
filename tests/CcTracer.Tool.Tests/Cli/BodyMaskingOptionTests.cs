using System.Net;
using CcTracer.Storage;
using CcTracer.Tool.Cli;
using CcTracer.Tool.Lifecycle;
using CcTracer.Tool.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CcTracer.Tool.Tests.Cli;

public sealed class BodyMaskingOptionTests
{
    private static ServeSettings Settings(bool mask) => new(7399, IPAddress.Loopback, Path.Combine(Path.GetTempPath(), "cctracer-mask-" + Guid.NewGuid().ToString("N")), new Uri("http://127.0.0.1:9/"), [], mask);

    [Fact]
    public async Task Serve_help_documents_no_body_masking()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TracerCommandLine.RunAsync(["serve", "--help"], new ToolOutput(output, error), TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        Assert.Contains("--no-body-masking", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_server_start_launches_masks_bodies_unless_told_not_to(bool mask)
    {
        var settings = Settings(mask);
        Assert.Equal(!mask, ServerLauncher.ServeCommandLine(settings).Contains("--no-body-masking"));

        var app = TracerServer.Build(settings, "token");
        await using (app)
        {
            Assert.Equal(mask, app.Services.GetRequiredService<IOptions<TraceStoreOptions>>().Value.MaskSecretsInBodies);
        }

        if (Directory.Exists(settings.LogDirectory))
        {
            Directory.Delete(settings.LogDirectory, recursive: true);
        }
    }
}
